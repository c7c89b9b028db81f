/**
 * Smoke test of the benchmark harness (never the benchmark itself): `bench/run.mjs --quick`
 * with one-second runs and no peer generates a two-street city, starts the built server,
 * the floor, drives every scenario once, and writes its JSON. Its own databases
 * (gg_bench_t<pid>_*: other runs of this test on the same PostgreSQL keep theirs) are dropped
 * afterwards.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { findChromium } from '../support/browser.js';
import { databaseUrl } from '../support/db-url.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'gg-bench-smoke-'));
// The maintenance database of the same server: the harness only creates and drops its own databases.
const adminUrl = databaseUrl(inject('adminDatabaseUrl'), 'postgres');
// Per run: a fixed name let one worktree's run drop the city another run was benchmarking.
const prefix = `gg_bench_t${process.pid}_`;

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE starts_with(datname, $1)`, [prefix]);
  for (const { datname } of rows) await admin.query(`DROP DATABASE ${datname} WITH (FORCE)`);
  await admin.end();
});

interface Row {
  scenario: string;
  metric: string;
  higherIsBetter: boolean;
  ours: number | null;
  floor: number | null;
  repetitions: Record<string, number[] | null>;
  spread: Record<string, [number, number] | null>;
}

const env = { ...process.env, BENCH_PG_URL: adminUrl, BENCH_DB_PREFIX: prefix };
const quick = ['bench/run.mjs', '--quick', '--no-peer', '--duration', '1', '--warmup', '0'];

describe('npm run bench -- --quick', () => {
  it('drives every scenario three times per side from a verified city and writes medians, spreads and repetitions', { timeout: 360_000 }, async () => {
    const out = join(dir, 'latest.json');
    const { stdout } = await run(process.execPath, [...quick, '--out', out], { env, timeout: 355_000, maxBuffer: 16 * 1024 * 1024 });
    expect(stdout).toMatch(/started from the generated state: checksum [0-9a-f]{32} matches/);
    expect(stdout).toMatch(/B1: ours, floor give the same answer \(713 rows/);
    // A1: the assessment figures and rankings agree in full with both floors (base tables, roll-ups; 640 courtyards of S001).
    expect(stdout).toMatch(/A1c: ours, floor, rollups give the same answer \(640 rows/);
    // V1: every street's volunteer figures agree in full with both floors (base tables, roll-ups).
    expect(stdout).toMatch(/V1a: ours, floor, rollups give the same answer \(2 rows/);
    expect(stdout).toMatch(/V1b: ours, floor, rollups give the same answer \(1 rows/);
    const result = JSON.parse(readFileSync(out, 'utf8')) as { rows: Row[]; environment: { node: string; pinning: { pinned: boolean }; postgres: Record<string, string> } };
    expect(result.environment.node).toBe(process.version);
    expect(result.environment.postgres).toHaveProperty('shared_buffers');
    expect(result.environment.pinning).toHaveProperty('pinned');
    // Every scenario ran on both sides, three repetitions each (no performance claim: a 1 s
    // run on a busy machine may complete no B1 request at all).
    for (const key of ['B1', 'B2', 'B3', 'B4', 'A1a', 'A1b', 'A1c', 'V1a', 'V1b']) {
      const row = result.rows.find((r) => r.scenario.startsWith(key))!;
      expect(row.repetitions.ours).toHaveLength(3);
      expect(row.repetitions.floor).toHaveLength(3);
      expect(row.spread.ours![0]).toBeLessThanOrEqual(row.spread.ours![1]);
    }
    for (const key of ['A1a', 'A1b', 'A1c', 'V1a', 'V1b']) expect(result.rows.find((r) => r.scenario.startsWith(key))!.repetitions.rollups).toHaveLength(3);
    expect(result.rows.find((r) => r.scenario.startsWith('B1') && r.metric.startsWith('req/s'))!.higherIsBetter).toBe(true);
    expect(result.rows.find((r) => r.scenario.startsWith('B4') && r.metric === 'median ms')!.higherIsBetter).toBe(false);
    expect(result.rows.find((r) => r.scenario.startsWith('B6'))!.ours).toBeGreaterThan(0);
    // C1: the console's tree page timed in Chromium (three repetitions), when there is one and the console is built (npm test builds it).
    if (findChromium().available && existsSync('dist-console/index.html')) {
      expect(stdout).toMatch(/C1 rep 3\/3: tree page interactive in \d+ ms/);
      const page = result.rows.find((r) => r.scenario.startsWith('C1') && r.metric === 'median ms')!;
      expect(page.repetitions.ours).toHaveLength(3);
      expect(page.higherIsBetter).toBe(false);
      expect(result.rows.find((r) => r.scenario.startsWith('C1') && r.metric === 'script kB transferred')!.ours).toBeGreaterThan(50);
    }
  });

  it('fails, naming the side, when one side gives a wrong answer during the load', { timeout: 180_000 }, async () => {
    // The floor answers B3 right for the pre-check, then wrong: only the check during the load can catch it.
    const failed = await run(process.execPath, [...quick, '--only', 'B3', '--plant', 'floor:B3:after=3', '--out', join(dir, 'planted.json')], {
      env,
      timeout: 175_000,
      maxBuffer: 16 * 1024 * 1024,
    }).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed).not.toBeNull();
    expect(failed!.code).toBe(1);
    expect(failed!.stderr).toMatch(/BENCH FAILED: B3 floor: answer \d+ of the load: differs from the agreed answer at \[\d+ SR-[^\]]+\]\.courtyard\.name: /);
  });
});
