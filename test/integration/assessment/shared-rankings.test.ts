import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStreet, createAccount, type Street } from '../../support/fixtures.js';
import { holdTableLock } from '../../support/table-lock.js';
import { errorCode, startTestServer, type TestServer } from '../../support/test-server.js';
import { at, IMPORT, imported, ok, Q } from './support.js';

/**
 * Identical rankings asked at once share a run (src/common/shared-runs.ts), and no caller
 * gets a run that started before it asked. The scheme table is held locked so that a
 * ranking's run stays under way while the test commits data and sends more callers.
 */
let server: TestServer;
let s: Street;
let secretary: { token: string };

const RANKING = `query($unitId: ID, $from: DateTime!, $to: DateTime!) {
  assessmentRanking(unitId: $unitId, from: $from, to: $to, level: COURTYARD_GROUP) { rank indicators { unit { code } received score } } }`;
const { from, to } = Q(2025, 1);

beforeAll(async () => {
  server = await startTestServer({ LOG_LEVEL: 'debug' });
  s = await buildStreet(server, 'SH', 36, 116);
  await ok(server, IMPORT, { i: [imported(s.courtyard, { submittedAt: at(2025, 1, 3), resolveDueAt: at(2025, 1, 5) })] });
  secretary = await createAccount(server, { username: 'sh-secretary', role: 'SECRETARY', scopeUnitId: s.courtyard });
});
afterAll(async () => {
  await server?.stop();
});

/** How many runs have read the scheme (one per ranking run) since the log mark. */
const schemeReads = (mark: number) =>
  server.logLines.slice(mark).filter((l) => l.includes('"msg":"sql"') && l.includes('FROM assessment_scheme ORDER BY version DESC')).length;

describe('identical rankings asked at once', () => {
  it('share one run per wave, each caller authorised on its own, and none gets a run older than its question', async () => {
    const scheme = await holdTableLock(server.db.url, 'assessment_scheme');
    try {
      const mark = server.logLines.length;

      // The first caller's run starts and waits on the scheme.
      const first = server.gql(RANKING, { unitId: s.street, from, to });
      await scheme.untilWaiting(1, 'the first run waits on the scheme');

      // A case committed now, while that run is under way: later callers must count it.
      await ok(server, IMPORT, { i: [imported(s.courtyard, { submittedAt: at(2025, 1, 4), resolveDueAt: at(2025, 1, 6) })] });
      const later = [1, 2, 3, 4, 5].map(() => server.gql(RANKING, { unitId: s.street, from, to }));
      // A caller out of scope is refused on its own (the street is not in its scope), whatever the others share.
      const refused = server.gql(RANKING, { unitId: s.street, from, to }, secretary.token);
      expect(errorCode(await refused)).toBe('NOT_FOUND');
      await new Promise((r) => setTimeout(r, 200));
      // The five wait for the next run: still only the first run is at the database.
      expect(await scheme.waiting()).toBe(1);

      await scheme.release();
      const received = (res: Awaited<typeof first>) => {
        expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
        return (res.body.data as any).assessmentRanking.find((r: any) => r.indicators.unit.code === 'SH-01-01-01').indicators.received;
      };
      // The first run read its request counts after the lock: READ COMMITTED sees the second case too.
      expect(received(await first)).toBe(2);
      const answers = await Promise.all(later);
      for (const res of answers) expect(received(res)).toBe(2);
      expect(new Set(answers.map((r) => JSON.stringify(r.body.data))).size).toBe(1);
      // Two runs served six callers: the first, then one for the five that queued behind it.
      expect(schemeReads(mark)).toBe(2);

      // Asked alone afterwards: its own run again.
      const alone = server.logLines.length;
      await ok(server, RANKING, { unitId: s.street, from, to });
      expect(schemeReads(alone)).toBe(1);
    } finally {
      await scheme.close();
    }
  });
});
