/**
 * The built server on its embedded PostgreSQL (DATABASE_URL unset), as a real process:
 * cold and warm start times, and recovery after the node process is SIGKILLed (which
 * leaves the postmaster orphaned, holding the data directory).
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  cleanupAll,
  graphql,
  isAlive,
  makeDataDir,
  pollUntil,
  postmasterPid,
  startServerProcess,
  type ServerProcess,
} from '../support/process.js';

afterAll(cleanupAll, 120_000);

const embeddedEnv = (dataDir: string, seed: boolean) => ({
  DATABASE_URL: undefined,
  DATA_DIR: dataDir,
  SEED_DEMO: String(seed),
});

/** SIGTERM → exit 0 after "stopped", and the embedded postmaster is gone with it. */
async function stopGracefully(server: ServerProcess, dataDir: string): Promise<void> {
  const postmaster = postmasterPid(dataDir);
  expect(postmaster).toBeDefined();
  server.signal('SIGTERM');
  const exit = await server.waitForExit(45_000);
  expect(exit, server.output()).toEqual({ code: 0, signal: null });
  expect(server.logIndex('shutting down')).toBeGreaterThanOrEqual(0);
  expect(server.logIndex('stopped')).toBeGreaterThan(server.logIndex('shutting down'));
  // The server awaits the cluster's exit before its own; allow the kernel a moment to reap.
  await pollUntil(() => !isAlive(postmaster!), 5_000);
}

describe.sequential('cold start with the embedded database', () => {
  const dataDir = makeDataDir('cold');
  const timings: { fresh?: number; again?: number } = {};

  afterAll(() => {
    const s = (ms?: number) => (ms === undefined ? 'n/a' : `${(ms / 1000).toFixed(2)} s`);
    console.log(
      `cold start (spawn → "server ready", embedded PostgreSQL, SEED_DEMO=true): ` +
        `fresh DATA_DIR incl. initdb ${s(timings.fresh)}; second start of the same DATA_DIR ${s(timings.again)}`,
    );
  });

  it('a fresh DATA_DIR: initdb, migrations and the demo seed, ready in under 60 s', async () => {
    const server = await startServerProcess(embeddedEnv(dataDir, true), 90_000);
    timings.fresh = server.readyMs;
    expect(server.readyMs).toBeLessThan(60_000);
    expect(server.logIndex('initialising embedded PostgreSQL')).toBeGreaterThanOrEqual(0);
    expect(server.logIndex('migrations applied')).toBeGreaterThanOrEqual(0);
    expect(server.logIndex('demo data loaded')).toBeGreaterThanOrEqual(0);

    const units = await graphql<{ orgUnits: { totalCount: number } }>(server.baseUrl, '{ orgUnits { totalCount } }');
    expect(units.errors).toBeUndefined();
    expect(units.data!.orgUnits.totalCount).toBeGreaterThan(0);

    await stopGracefully(server, dataDir);
  });

  it('the same DATA_DIR again: no initdb, nothing to migrate or seed, under 60 s', async () => {
    expect(postmasterPid(dataDir) === undefined || !isAlive(postmasterPid(dataDir)!)).toBe(true);
    const server = await startServerProcess(embeddedEnv(dataDir, true), 90_000);
    timings.again = server.readyMs;
    expect(server.readyMs).toBeLessThan(60_000);
    expect(server.logIndex('initialising embedded PostgreSQL')).toBe(-1);
    expect(server.logIndex('migrations applied')).toBe(-1);
    expect(server.logIndex('demo data loaded')).toBe(-1);
    await stopGracefully(server, dataDir);
  });
});

describe.sequential('crash recovery with the embedded database', () => {
  const dataDir = makeDataDir('crash');

  it('SIGKILL leaves the postmaster running; a restart takes it over and the data is intact', async () => {
    const first = await startServerProcess(embeddedEnv(dataDir, false), 90_000);
    const created = await graphql<{ createOrgUnit: { id: string } }>(
      first.baseUrl,
      'mutation { createOrgUnit(input: { code: "CRASH-1", name: "街道" }) { id } }',
    );
    expect(created.errors).toBeUndefined();
    expect(created.data!.createOrgUnit.id).toEqual(expect.any(String));

    const orphan = postmasterPid(dataDir);
    expect(orphan).toBeDefined();
    expect(isAlive(orphan!)).toBe(true);

    first.signal('SIGKILL');
    expect(await first.waitForExit(15_000)).toEqual({ code: null, signal: 'SIGKILL' });
    // Nothing told the postmaster: it is still there, holding the data directory.
    expect(isAlive(orphan!)).toBe(true);
    expect(postmasterPid(dataDir)).toBe(orphan);

    const second = await startServerProcess(embeddedEnv(dataDir, false), 90_000);
    expect(
      second.logs().some((r) => String(r.msg).includes(`found a running postmaster (pid ${orphan})`)),
      second.output(),
    ).toBe(true);
    expect(isAlive(orphan!)).toBe(false);
    const current = postmasterPid(dataDir);
    expect(current).toBeDefined();
    expect(current).not.toBe(orphan);
    expect(isAlive(current!)).toBe(true);

    const found = await graphql<{ orgUnit: { name: string } | null }>(
      second.baseUrl,
      '{ orgUnit(code: "CRASH-1") { name } }',
    );
    expect(found.errors).toBeUndefined();
    expect(found.data).toEqual({ orgUnit: { name: '街道' } });

    await stopGracefully(second, dataDir);
    expect(isAlive(current!)).toBe(false);
  }, 300_000);
});
