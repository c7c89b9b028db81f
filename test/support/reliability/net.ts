import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { PASSWORD_FILE } from '../../../src/database/embedded-postgres.js';

export { freePort } from '../../../src/database/embedded-postgres.js';

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The URL of the embedded PostgreSQL a spawned server runs in DATA_DIR (port from postmaster.pid). */
export function embeddedDatabaseUrl(dataDir: string, database = 'grid'): string {
  const lines = readFileSync(join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n');
  const port = Number(lines[3]);
  if (!Number.isInteger(port) || port <= 0) throw new Error(`no port in ${dataDir}/pg/postmaster.pid`);
  const password = readFileSync(join(dataDir, PASSWORD_FILE), 'utf8').trim();
  return `postgres://postgres:${password}@127.0.0.1:${port}/${database}`;
}
