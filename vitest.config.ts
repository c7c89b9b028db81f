import { createRequire } from 'node:module';
import swc from 'unplugin-swc';
import { configDefaults, defineConfig } from 'vitest/config';

// SWC compiles the decorators with their metadata, which NestJS and class-validator need.
const require = createRequire(import.meta.url);

// Slow tests (*.slow.test.ts) run with `npm run test:reliability` (RELIABILITY=1) or when
// named on the command line (e.g. `vitest run test/reliability`); plain `npm test` skips them.
const slowWanted =
  process.env.RELIABILITY === '1' || process.argv.slice(2).some((arg) => arg.includes('reliability') || arg.includes('.slow.'));

const excluded = [...configDefaults.exclude, ...(slowWanted ? [] : ['**/*.slow.test.ts'])];

export default defineConfig({
  plugins: [swc.vite({ module: { type: 'es6' } })],
  resolve: {
    // graphql 16 ships index.js and index.mjs with no "exports" map: Node (and Mercurius)
    // load index.js, Vite would pick index.mjs, and two copies of GraphQLError break
    // `instanceof`. Pin the one Node uses.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    // The browser tests run after all the others: beside a loaded server test on two cores,
    // a page waiting on its refetch could miss its step's time limit.
    projects: [
      { extends: true, test: { name: 'server', include: ['test/**/*.test.ts', 'src/**/*.spec.ts'], exclude: [...excluded, 'test/browser/**'] } },
      { extends: true, test: { name: 'browser', include: ['test/browser/**/*.test.ts'], exclude: excluded, sequence: { groupOrder: 1 } } },
    ],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
