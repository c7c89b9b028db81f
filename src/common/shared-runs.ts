/**
 * Lets callers that ask the same read at the same time share one run of it, without ever
 * handing a caller an answer older than its question.
 *
 * While a run for a key is under way, a new caller does not join it (its statements may have
 * started before that caller's data was committed): it waits for the next run, which starts
 * when the current one ends and serves every caller that queued meanwhile. Each caller thus
 * gets the answer of a run that began after it asked, as fresh as running alone under READ
 * COMMITTED, and at most two runs per key are ever alive. A failed run fails its callers
 * only; the next run starts all the same.
 *
 * Used for the heavy city-wide reads that many people open at once (a quarter's ranking at
 * the end of the quarter): sixteen identical rankings cost two statements' time, not sixteen
 * queued on the database's cores (bench/README.md, A1b).
 */
export class SharedRuns<V> {
  private readonly keys = new Map<string, { running: boolean; next: Deferred<V> | null }>();

  /** `enabled: false` runs every call on its own (SHARE_IDENTICAL_READS=false, for comparison). */
  constructor(private readonly enabled = true) {}

  /** Runs `work` for this key, or waits for the next shared run of it. `work` must depend on nothing but the key. */
  run(key: string, work: () => Promise<V>): Promise<V> {
    if (!this.enabled) return work();
    const state = this.keys.get(key);
    if (!state) {
      this.keys.set(key, { running: true, next: null });
      return this.start(key, work);
    }
    state.next ??= deferred<V>(work);
    return state.next.promise;
  }

  /** Keys with a run under way (for tests). */
  get size(): number {
    return this.keys.size;
  }

  private start(key: string, work: () => Promise<V>): Promise<V> {
    let promise: Promise<V>;
    try {
      promise = work();
    } catch (error) {
      promise = Promise.reject(error);
    }
    const settle = () => {
      const state = this.keys.get(key)!;
      const next = state.next;
      if (!next) {
        this.keys.delete(key);
        return;
      }
      state.next = null;
      next.settleWith(this.start(key, next.work));
    };
    promise.then(settle, settle);
    return promise;
  }
}

interface Deferred<V> {
  promise: Promise<V>;
  work: () => Promise<V>;
  settleWith(source: Promise<V>): void;
}

function deferred<V>(work: () => Promise<V>): Deferred<V> {
  let settleWith!: (source: Promise<V>) => void;
  const promise = new Promise<V>((resolve, reject) => {
    settleWith = (source) => source.then(resolve, reject);
  });
  return { promise, work, settleWith };
}
