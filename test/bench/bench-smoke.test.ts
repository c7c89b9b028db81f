/**
 * Smoke test of the benchmark harness (never the benchmark itself): `bench/run.mjs --quick`
 * with one-second runs and no peer generates a two-street city, starts the built server,
 * the floor, drives every scenario once, and writes its JSON. Its own databases
 * (gg_bench_smoke_*) are dropped afterwards.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { databaseUrl } from '../support/db-url.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'gg-bench-smoke-'));
// The maintenance database of the same server: the harness only creates and drops its own databases.
const adminUrl = databaseUrl(inject('adminDatabaseUrl'), 'postgres');

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'gg\\_bench\\_smoke\\_%'`);
  for (const { datname } of rows) await admin.query(`DROP DATABASE ${datname} WITH (FORCE)`);
  await admin.end();
});

describe('npm run bench -- --quick', () => {
  it('starts, drives every scenario and writes bench/results JSON', { timeout: 90_000 }, async () => {
    const out = join(dir, 'latest.json');
    await run(process.execPath, ['bench/run.mjs', '--quick', '--no-peer', '--duration', '1', '--warmup', '0', '--out', out], {
      env: { ...process.env, BENCH_PG_URL: adminUrl, BENCH_DB_PREFIX: 'gg_bench_smoke_' },
      timeout: 85_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    const rows = JSON.parse(readFileSync(out, 'utf8')) as { scenario: string; metric: string; ours: number | null }[];
    // Every scenario ran and reported a number (no performance claim: a 1 s run on a busy
    // machine may complete no B1 request at all).
    for (const key of ['B1', 'B2', 'B3', 'B4', 'B6']) {
      expect(rows.some((r) => r.scenario.startsWith(key) && typeof r.ours === 'number')).toBe(true);
    }
    expect(rows.find((r) => r.scenario.startsWith('B6'))!.ours).toBeGreaterThan(0);
    for (const r of rows) expect(Object.keys(r)).toEqual(['scenario', 'metric', 'ours', 'floor', 'peer', 'ratioToFloor', 'ratioToPeer']);
  });
});
