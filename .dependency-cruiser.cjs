/**
 * The walls between modules (README, "Layout"), checked by test/architecture/module-walls.test.ts
 * in `npm test`, or by hand with `npx depcruise src`.
 */
module.exports = {
  forbidden: [
    {
      name: 'module-internals',
      comment: "A module reaches another module only through that module's index.ts.",
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/([^/]+)/', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$'] },
    },
    {
      name: 'composition-through-index',
      comment: "The composition root (app.module, server, cli) reaches a module only through its index.ts.",
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/modules/' },
      to: { path: '^src/modules/[^/]+/', pathNot: '^src/modules/[^/]+/index\\.ts$' },
    },
    {
      name: 'shared-code-imports-no-module',
      comment: 'common/, database/ and config/ serve every module and know none of them.',
      severity: 'error',
      from: { path: '^src/(common|database|config)/' },
      to: { path: '^src/modules/' },
    },
    {
      name: 'open311-is-imported-by-no-module',
      comment: 'Open311 is an interface over requests, people and auth: only the composition root (app.module) reaches it.',
      severity: 'error',
      from: { path: '^src/modules/', pathNot: '^src/modules/open311/' },
      to: { path: '^src/modules/open311/' },
    },
    {
      name: 'no-repository-on-the-surface',
      comment: "A module's index.ts never hands out its repository: others ask its services.",
      severity: 'error',
      from: { path: '^src/modules/[^/]+/index\\.ts$' },
      to: { path: '\\.repository\\.ts$' },
    },
    {
      name: 'no-cycles',
      comment:
        'No cycle of files that import each other at run time (a type-only import is erased). Between modules ' +
        'no cycle at all, type-only imports included: module-walls.test.ts checks that on the graph collapsed to modules.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^node_modules', '^dist'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
