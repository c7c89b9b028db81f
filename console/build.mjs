// Builds the console into dist-console/ unless its sources and the lock file are the same
// as at the last build (their hash is kept in dist-console/.build-hash). `npm start` runs
// it; `npm test` runs it with `--typecheck`, which also type-checks the sources once per
// hash (dist-console/.typecheck-hash); `--force` builds (and type-checks) anyway.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
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
const typecheck = force || process.argv.includes('--typecheck');
const typecheckFile = join(outDir, '.typecheck-hash');
const hash = sourceHash();
const same = (file) => existsSync(file) && readFileSync(file, 'utf8').trim() === hash;
const bin = (name) => join(root, 'node_modules', '.bin', name);
const run = (what, command, args) => {
  try {
    execFileSync(bin(command), args, { stdio: 'inherit', cwd: root });
  } catch {
    console.error(`console: ${what} failed`);
    process.exit(1);
  }
};

const started = Date.now();
const built = !force && existsSync(join(outDir, 'index.html')) && same(hashFile);
if (built) {
  console.log('console: up to date (dist-console/), build skipped');
} else {
  run('build', 'vite', ['build', '--config', join(consoleDir, 'vite.config.ts')]);
  precompress(join(outDir, 'assets'));
  writeFileSync(hashFile, `${hash}\n`);
  const size = statSync(join(outDir, 'index.html')).size;
  console.log(`console: built into dist-console/ in ${((Date.now() - started) / 1000).toFixed(1)} s (index.html ${size} B)`);
}
if (typecheck && !same(typecheckFile)) {
  run('type check', 'tsc', ['-p', join(consoleDir, 'tsconfig.json')]);
  writeFileSync(typecheckFile, `${hash}\n`);
  console.log('console: sources type-checked');
}

/**
 * Brotli and gzip copies of the hashed assets beside them (x.js.br, x.js.gz), which the server
 * sends to a browser that accepts them: a third of the bytes over an office's network, at no
 * cost per request. index.html is left alone: it carries a fresh nonce each time.
 */
function precompress(dir) {
  if (!existsSync(dir)) return;
  for (const file of files(dir).filter((f) => /\.(js|css|svg|json)$/.test(f))) {
    const body = readFileSync(file);
    writeFileSync(`${file}.br`, brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 9, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length } }));
    writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
  }
}
