/** The flags between `node` and `dist/src/main.js` in package.json's start script. */
export function ourServerNodeFlags(): string[];
