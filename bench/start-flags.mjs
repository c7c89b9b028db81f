// The Node and V8 flags `npm start` gives the server, read from package.json's start script
// (`node <flags> dist/src/main.js`): the bench and the process tests start it the same way,
// from one parser.
import { readFileSync } from 'node:fs';

/** @returns {string[]} the flags between `node` and `dist/src/main.js` in the start script */
export function ourServerNodeFlags() {
  const start = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).scripts.start;
  const flags = /^node((?:\s+--\S+)*)\s+dist\/src\/main\.js$/.exec(start);
  if (!flags) throw new Error(`package.json's start script is not "node [--flags] dist/src/main.js": ${start}`);
  return flags[1].split(/\s+/).filter(Boolean);
}
