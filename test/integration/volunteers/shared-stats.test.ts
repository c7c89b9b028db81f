import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStreet, type Street } from '../../support/fixtures.js';
import { holdTableLock } from '../../support/table-lock.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { ok } from '../../support/volunteers.js';

/**
 * Identical volunteerStats reads asked at once share a run (src/common/shared-runs.ts): the
 * star awards are held locked so that the first run stays under way while more callers come.
 */
let server: TestServer;
let S: Street;

const STATS = `query($id: ID, $from: DateTime, $to: DateTime) { orgUnit(id: $id) { volunteerStats(from: $from, to: $to) {
  registered starred byStarLevel hours activeVolunteers organizations activities } } }`;
const Q2 = { from: '2026-03-31T16:00:00Z', to: '2026-06-30T16:00:00Z' };

beforeAll(async () => {
  server = await startTestServer({ LOG_LEVEL: 'debug' });
  S = await buildStreet(server, 'VSH', 30, 111);
});
afterAll(async () => {
  await server?.stop();
});

const statsRuns = (mark: number) =>
  server.logLines.slice(mark).filter((l) => l.includes('"msg":"sql"') && l.includes('noticed AS (')).length;

describe('identical volunteerStats asked at once', () => {
  it('share one run per wave: six callers, two statements, one answer', async () => {
    const awards = await holdTableLock(server.db.url, 'volunteer_star_award');
    try {
      const mark = server.logLines.length;
      const first = server.gql(STATS, { id: S.street, ...Q2 });
      await awards.untilWaiting(1, 'the first run waits on the awards');
      expect(await awards.waiting()).toBe(1);
      const later = [1, 2, 3, 4, 5].map(() => server.gql(STATS, { id: S.street, ...Q2 }));
      await new Promise((r) => setTimeout(r, 200));
      // The five queue behind the run under way instead of sending five more statements.
      expect(await awards.waiting()).toBe(1);
      await awards.release();
      const answers = await Promise.all([first, ...later]);
      for (const res of answers) expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
      expect(new Set(answers.map((r) => JSON.stringify(r.body.data))).size).toBe(1);
      expect((answers[0].body.data as any).orgUnit.volunteerStats).toMatchObject({ registered: 0, starred: 0 });
      expect(statsRuns(mark)).toBe(2);

      const alone = server.logLines.length;
      await ok(server, STATS, { id: S.street, ...Q2 });
      expect(statsRuns(alone)).toBe(1);
    } finally {
      await awards.close();
    }
  });
});
