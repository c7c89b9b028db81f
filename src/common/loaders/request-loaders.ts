import DataLoader from 'dataloader';

/**
 * Nest runs each resolver through several awaits (pipes, filters, middleware), so sibling
 * fields ask for their rows over many microtask ticks. Dispatching on setImmediate waits
 * until every promise chain of the current level has settled, so they land in one batch.
 */
const batchScheduleFn = (dispatch: () => void) => setImmediate(dispatch);

/**
 * The DataLoaders of one GraphQL request, created on first use and dropped with the
 * request, so batching never leaks data across callers. Loaders that take arguments
 * (a page size, a level) get one instance per distinct argument set.
 */
export class RequestLoaders {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();
  private readonly memos = new Map<string, Map<unknown, unknown>>();

  /** A plain per-request map, for results that other keys can be answered from. */
  memo<K, V>(key: string): Map<K, V> {
    let memo = this.memos.get(key);
    if (!memo) this.memos.set(key, (memo = new Map()));
    return memo as Map<K, V>;
  }

  get<K, V>(key: string, batch: (keys: readonly K[]) => Promise<(V | Error)[]>): DataLoader<K, V> {
    let loader = this.loaders.get(key);
    if (!loader) {
      loader = new DataLoader<K, V>(batch, { maxBatchSize: 1000, batchScheduleFn }) as DataLoader<unknown, unknown>;
      this.loaders.set(key, loader);
    }
    return loader as DataLoader<K, V>;
  }
}

/** Orders batch results by key, as DataLoader requires. */
export function byKey<K, R>(keys: readonly K[], rows: R[], keyOf: (row: R) => K): (R | undefined)[] {
  const map = new Map<K, R>();
  for (const row of rows) map.set(keyOf(row), row);
  return keys.map((k) => map.get(k));
}

/** Groups batch results by key, as DataLoader requires. */
export function groupByKey<K, R>(keys: readonly K[], rows: R[], keyOf: (row: R) => K): R[][] {
  const map = new Map<K, R[]>();
  for (const row of rows) {
    const key = keyOf(row);
    let list = map.get(key);
    if (!list) map.set(key, (list = []));
    list.push(row);
  }
  return keys.map((k) => map.get(k) ?? []);
}
