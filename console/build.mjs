// Builds the console into dist-console/ unless its sources and the lock file are the same
// as at the last build (their hash is kept in dist-console/.build-hash). `npm start` and
// `npm test` run it; `--force` builds anyway.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const consoleDir = join(root, 'console');
const outDir = join(root, 'dist-console');
const hashFile = join(outDir, '.build-hash');
const SKIP = new Set(['screenshots', 'node_modules']);

function files(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => !SKIP.has(e.name))
    .flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

function sourceHash() {
  const hash = createHash('sha256');
  for (const file of [...files(consoleDir), join(root, 'package-lock.json')].sort()) {
    hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

const force = process.argv.includes('--force');
const hash = sourceHash();
if (!force && existsSync(join(outDir, 'index.html')) && existsSync(hashFile) && readFileSync(hashFile, 'utf8').trim() === hash) {
  console.log('console: up to date (dist-console/), build skipped');
  process.exit(0);
}

const started = Date.now();
const bin = (name) => join(root, 'node_modules', '.bin', name);
try {
  execFileSync(bin('tsc'), ['-p', join(consoleDir, 'tsconfig.json')], { stdio: 'inherit', cwd: root });
  execFileSync(bin('vite'), ['build', '--config', join(consoleDir, 'vite.config.ts')], { stdio: 'inherit', cwd: root });
} catch {
  console.error('console: build failed');
  process.exit(1);
}
writeFileSync(hashFile, `${hash}\n`);
const size = statSync(join(outDir, 'index.html')).size;
console.log(`console: built into dist-console/ in ${((Date.now() - started) / 1000).toFixed(1)} s (index.html ${size} B)`);
