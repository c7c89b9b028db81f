import pg from 'pg';

/** A table held in ACCESS EXCLUSIVE mode by a connection of its own, to make statements wait on it. */
export interface HeldTableLock {
  /** Backends waiting on this connection now (pg_stat_activity's text lags: a statement waiting at its Parse still shows the previous one). */
  waiting(): Promise<number>;
  /** Resolves once exactly `n` backends wait on the lock; fails after 5 s naming `what`. */
  untilWaiting(n: number, what: string): Promise<void>;
  /** Commits, letting the waiting statements go on. */
  release(): Promise<void>;
  /** Rolls back if still held, and closes the connection. */
  close(): Promise<void>;
}

export async function holdTableLock(databaseUrl: string, table: string): Promise<HeldTableLock> {
  const locker = new pg.Client({ connectionString: databaseUrl });
  await locker.connect();
  await locker.query('BEGIN');
  await locker.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
  const waiting = async () =>
    (await locker.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE pg_backend_pid() = ANY(pg_blocking_pids(pid))`)).rows[0].n as number;
  return {
    waiting,
    async untilWaiting(n, what) {
      for (let i = 0; i < 200; i++) {
        if ((await waiting()) === n) return;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`timed out waiting until ${what}`);
    },
    async release() {
      await locker.query('COMMIT');
    },
    async close() {
      await locker.query('ROLLBACK').catch(() => undefined);
      await locker.end();
    },
  };
}
