/**
 * Runs the built server (`dist/src/main.js`, built by `npm test` / `npm run build`) as a real
 * child process: spawn with a given environment, wait for the "server ready" log line, read
 * the port from the logged url, collect stdout/stderr, send signals, await the exit.
 *
 * Everything spawned here is bounded in time (a hard SIGKILL deadline per child) and
 * tracked, so a failing test cannot leave a server or an embedded postmaster behind:
 * call `cleanupAll()` in afterAll; a process 'exit' hook kills what is still left.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ourServerNodeFlags } from '../../bench/start-flags.mjs';

export const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
export const MAIN = join(ROOT, 'dist/src/main.js');

/** The Node and V8 flags `npm start` runs the server with (package.json: `node <flags> dist/src/main.js`). */
export const START_FLAGS: readonly string[] = ourServerNodeFlags();

export type LogRecord = Record<string, unknown> & { msg?: string; level?: number };

export interface ExitResult {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** The bootstrap CITY_ADMIN's password in every spawned server (username admin). */
export const PROCESS_ADMIN_PASSWORD = 'process-admin-password';

/** Defaults every spawned server gets; `undefined` in the caller's env removes a variable. */
const BASE_ENV: Record<string, string> = {
  PORT: '0',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'info',
  NODE_ENV: 'test',
  JWT_SECRET: 'process-test-secret-0123456789',
  ADMIN_PASSWORD: PROCESS_ADMIN_PASSWORD,
  // Every request comes from 127.0.0.1: the registration limit is tested on its own.
  REGISTER_LIMIT_PER_HOUR: '100000',
};

export interface SpawnOptions {
  /** SIGKILL the child after this long, whatever happens (default 180 s). */
  maxLifetimeMs?: number;
}

const live = new Set<ServerProcess>();
const dataDirs = new Set<string>();

export class ServerProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly spawnedAt = performance.now();
  readonly stdout: string[] = [];
  readonly stderr: string[] = [];
  /** Milliseconds from spawn to the "server ready" line. */
  readyMs?: number;
  port?: number;
  exit?: ExitResult;
  readonly exited: Promise<ExitResult>;
  private readonly listeners = new Set<() => void>();
  private readonly killTimer: NodeJS.Timeout;

  constructor(env: Record<string, string | undefined>, options: SpawnOptions = {}) {
    const merged: Record<string, string> = {};
    for (const key of ['PATH', 'HOME', 'LANG', 'TZ', 'TMPDIR']) {
      if (process.env[key] !== undefined) merged[key] = process.env[key]!;
    }
    for (const [key, value] of Object.entries({ ...BASE_ENV, ...env })) {
      if (value === undefined) delete merged[key];
      else merged[key] = value;
    }
    this.child = spawn(process.execPath, [...START_FLAGS, MAIN], { cwd: ROOT, env: merged, stdio: ['ignore', 'pipe', 'pipe'] });
    if (this.child.pid === undefined) throw new Error('spawn failed');
    this.pid = this.child.pid;
    live.add(this);
    collectLines(this.child.stdout!, this.stdout, () => this.notify());
    collectLines(this.child.stderr!, this.stderr, () => this.notify());
    this.exited = new Promise<ExitResult>((done) => {
      this.child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        clearTimeout(this.killTimer);
        live.delete(this);
        this.notify();
        done(this.exit);
      });
    });
    this.killTimer = setTimeout(() => this.child.kill('SIGKILL'), options.maxLifetimeMs ?? 180_000);
    this.killTimer.unref();
  }

  get alive(): boolean {
    return this.exit === undefined && isAlive(this.pid);
  }

  get baseUrl(): string {
    if (this.port === undefined) throw new Error('server is not ready');
    return `http://127.0.0.1:${this.port}`;
  }

  /** stdout lines that are JSON (pino), parsed. */
  logs(): LogRecord[] {
    const records: LogRecord[] = [];
    for (const line of this.stdout) {
      try {
        records.push(JSON.parse(line) as LogRecord);
      } catch {
        // not a log record
      }
    }
    return records;
  }

  /** Index (in logs()) of the first record whose msg starts with `prefix`, or -1. */
  logIndex(prefix: string): number {
    return this.logs().findIndex((r) => typeof r.msg === 'string' && r.msg.startsWith(prefix));
  }

  /** Resolves with the first log record matching, rejects on exit or timeout. */
  waitForLog(match: string | ((r: LogRecord) => boolean), timeoutMs = 60_000): Promise<LogRecord> {
    const test = typeof match === 'string' ? (r: LogRecord) => typeof r.msg === 'string' && r.msg.startsWith(match) : match;
    return this.waitUntil(() => this.logs().find(test), `log line ${String(match)}`, timeoutMs, true);
  }

  /** Waits for "server ready" and reads the port from its url. */
  async ready(timeoutMs = 120_000): Promise<this> {
    const record = await this.waitForLog('server ready', timeoutMs);
    this.readyMs = performance.now() - this.spawnedAt;
    this.port = Number(new URL(String(record.url)).port);
    if (!Number.isInteger(this.port) || this.port <= 0) throw new Error(`no port in ${JSON.stringify(record)}`);
    return this;
  }

  signal(signal: NodeJS.Signals): void {
    if (this.exit === undefined) this.child.kill(signal);
  }

  /** Resolves with the exit; rejects if it takes longer than timeoutMs. */
  async waitForExit(timeoutMs = 45_000): Promise<ExitResult> {
    return this.waitUntil(() => this.exit, 'exit', timeoutMs, false);
  }

  /** Cleanup: SIGTERM, then SIGKILL if it is still running after graceMs. Never throws. */
  async stop(graceMs = 10_000): Promise<ExitResult> {
    if (this.exit) return this.exit;
    this.signal('SIGTERM');
    try {
      return await this.waitForExit(graceMs);
    } catch {
      this.signal('SIGKILL');
      return this.exited;
    }
  }

  /** Everything it printed, for failure messages. */
  output(): string {
    return [...this.stdout.slice(-40), '--- stderr ---', ...this.stderr.slice(-40)].join('\n');
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  private waitUntil<T>(probe: () => T | undefined, what: string, timeoutMs: number, failOnExit: boolean): Promise<T> {
    return new Promise<T>((done, fail) => {
      const check = () => {
        const value = probe();
        if (value !== undefined) return finish(() => done(value));
        if (failOnExit && this.exit) {
          return finish(() =>
            fail(new Error(`server exited (${JSON.stringify(this.exit)}) before ${what}\n${this.output()}`)),
          );
        }
      };
      const timer = setTimeout(
        () => finish(() => fail(new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${this.output()}`))),
        timeoutMs,
      );
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        this.listeners.delete(check);
        settle();
      };
      this.listeners.add(check);
      check();
    });
  }
}

function collectLines(stream: NodeJS.ReadableStream, into: string[], onLine: () => void): void {
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop() ?? '';
    for (const line of parts) if (line.trim() !== '') into.push(line);
    onLine();
  });
  stream.on('end', () => {
    if (rest.trim() !== '') into.push(rest);
    rest = '';
    onLine();
  });
}

/** Spawns the built server; does not wait for anything. */
export function spawnServer(env: Record<string, string | undefined>, options?: SpawnOptions): ServerProcess {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first`);
  return new ServerProcess(env, options);
}

/** Spawns the built server and waits until it is listening; kills it if it never gets there. */
export async function startServerProcess(
  env: Record<string, string | undefined>,
  readyTimeoutMs = 120_000,
): Promise<ServerProcess> {
  const server = spawnServer(env);
  try {
    return await server.ready(readyTimeoutMs);
  } catch (error) {
    await server.stop(5_000);
    throw error;
  }
}

/** Runs the server expecting it to exit by itself (e.g. on bad configuration). */
export async function runToExit(
  env: Record<string, string | undefined>,
  timeoutMs = 30_000,
): Promise<ExitResult & { stdout: string[]; stderr: string[] }> {
  const server = spawnServer(env, { maxLifetimeMs: timeoutMs + 5_000 });
  try {
    const exit = await server.waitForExit(timeoutMs);
    await drained(server);
    return { ...exit, stdout: server.stdout, stderr: server.stderr };
  } finally {
    await server.stop(2_000);
  }
}

/** 'exit' can fire before the pipes are drained; wait for both to close. */
function drained(server: ServerProcess): Promise<void> {
  return new Promise((done) => {
    if (server.child.stdout!.readableEnded && server.child.stderr!.readableEnded) return done();
    server.child.once('close', () => done());
    setTimeout(done, 2_000).unref();
  });
}

// ---------------------------------------------------------------- embedded database

/**
 * A fresh DATA_DIR under the OS temp dir. Mode 0755: the embedded PostgreSQL runs as the
 * `postgres` user when we are root and must be able to enter it (mkdtemp makes it 0700).
 */
export function makeDataDir(label = 'proc'): string {
  const dir = mkdtempSync(join(tmpdir(), `gg-${label}-`));
  chmodSync(dir, 0o755);
  dataDirs.add(dir);
  return dir;
}

/** The postmaster pid recorded in `<dataDir>/pg/postmaster.pid`, if any. */
export function postmasterPid(dataDir: string): number | undefined {
  const file = join(dataDir, 'pg', 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !isZombie(pid);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isZombie(pid: number): boolean {
  try {
    return /^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Fast shutdown (SIGINT) of the postmaster of dataDir, if it runs; waits for it to go. */
export async function stopPostmaster(dataDir: string, timeoutMs = 30_000): Promise<void> {
  const pid = postmasterPid(dataDir);
  if (pid === undefined || !isAlive(pid) || !isPostgres(pid)) return;
  process.kill(pid, 'SIGINT');
  if (await pollUntil(() => !isAlive(pid), timeoutMs).catch(() => false)) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // gone meanwhile
  }
}

function isPostgres(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
  } catch {
    return true;
  }
}

/** Stops a postmaster still running on dataDir, then deletes it. Never throws. */
export async function removeDataDir(dataDir: string): Promise<void> {
  await stopPostmaster(dataDir).catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true, maxRetries: 3 });
  dataDirs.delete(dataDir);
}

/** afterAll: stop every server still running, stop their postmasters, delete the data dirs. */
export async function cleanupAll(): Promise<void> {
  await Promise.all([...live].map((server) => server.stop(10_000)));
  for (const dir of [...dataDirs]) await removeDataDir(dir);
}

// Last resort if a worker goes away without afterAll: synchronous kills only.
process.once('exit', () => {
  for (const server of live) server.child.kill('SIGKILL');
  for (const dir of dataDirs) {
    const pid = postmasterPid(dir);
    if (pid !== undefined && isAlive(pid) && isPostgres(pid)) process.kill(pid, 'SIGINT');
  }
});

// ---------------------------------------------------------------- polling and HTTP

/** Polls `condition` every intervalMs until it returns truthy; rejects after timeoutMs. */
export async function pollUntil<T>(
  condition: () => T | Promise<T>,
  timeoutMs: number,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json<T = any>(): T;
}

/**
 * One request on its own connection (no keep-alive agent, so no idle sockets hold a
 * draining server open), to 127.0.0.1, bounded by timeoutMs.
 */
export function httpRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number } = {},
): Promise<HttpResponse> {
  return new Promise((done, fail) => {
    const request = http.request(
      url,
      {
        method: options.method ?? 'GET',
        agent: false,
        headers: { connection: 'close', ...options.headers },
        timeout: options.timeoutMs ?? 15_000,
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () =>
          done({ status: response.statusCode ?? 0, headers: response.headers, text, json: () => JSON.parse(text) }),
        );
        response.on('error', fail);
      },
    );
    request.on('timeout', () => request.destroy(new Error(`request to ${url} timed out`)));
    request.on('error', fail);
    request.end(options.body);
  });
}

/** POST /graphql with a JSON body, signed in as the bootstrap admin unless `token` is null. */
export async function graphql<T = any>(
  baseUrl: string,
  query: string,
  variables?: Record<string, unknown>,
  token?: string | null,
): Promise<{ status: number; data?: T | null; errors?: { message: string }[] }> {
  const bearer = token === undefined ? await adminToken(baseUrl) : token;
  const response = await httpRequest(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, ...response.json() };
}

/** Signs in as the bootstrap admin of the server at baseUrl. */
export async function adminToken(baseUrl: string): Promise<string> {
  const res = await graphql<{ login: { token: string } }>(
    baseUrl,
    `mutation($p: String!) { login(input: { username: "admin", password: $p }) { token } }`,
    { p: PROCESS_ADMIN_PASSWORD },
    null,
  );
  if (!res.data?.login) throw new Error(`admin login failed: ${JSON.stringify(res.errors)}`);
  return res.data.login.token;
}

/** Whether a TCP connection to 127.0.0.1:port is refused (nothing listening). */
export function connectionRefused(port: number, timeoutMs = 5_000): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host: '127.0.0.1', port });
    const timer = setTimeout(() => {
      socket.destroy();
      done(false);
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.destroy();
      done(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      done(error.code === 'ECONNREFUSED');
    });
  });
}
