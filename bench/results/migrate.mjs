const { createDataSource } = await import('../../dist/src/database/data-source.js');
const { runMigrationsLocked } = await import('../../dist/src/database/migration-runner.js');
const ds = createDataSource({ url: process.argv[2], poolSize: 2 });
await ds.initialize();
const t = performance.now();
console.log(await runMigrationsLocked(ds), Math.round(performance.now() - t), 'ms');
await ds.destroy();
