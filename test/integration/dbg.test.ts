import { it } from 'vitest';
import { startTestServer } from '../support/test-server.js';
it('dbg', async () => {
  const s = await startTestServer();
  const r = await s.gql(`{ orgUnits(level: STREET_COMMITTEE) { totalCount } }`);
  console.log(JSON.stringify(r.body));
  console.log(s.logLines.filter((l) => l.includes('"level":50')).join('\n').slice(0, 1500));
  await s.stop();
});
