import { describe, expect, it } from 'vitest';
import { SharedRuns } from '../../src/common/shared-runs.js';

/** A run that ends when told to, and records when it started. */
function controlled() {
  const started: number[] = [];
  const finish: Array<(v: number) => void> = [];
  const fail: Array<(e: Error) => void> = [];
  const work = () => {
    started.push(started.length + 1);
    const n = started.length;
    return new Promise<number>((resolve, reject) => {
      finish.push(() => resolve(n));
      fail.push(reject);
    });
  };
  return { started, finish, fail, work };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('SharedRuns', () => {
  it('starts one run; callers arriving during it share the next run, never the one under way', async () => {
    const runs = new SharedRuns<number>();
    const c = controlled();
    const first = runs.run('k', c.work);
    const second = runs.run('k', c.work);
    const third = runs.run('k', c.work);
    expect(c.started).toEqual([1]);
    c.finish[0](0);
    expect(await first).toBe(1);
    await tick();
    // The two that asked while run 1 was under way got run 2, which started after they asked.
    expect(c.started).toEqual([1, 2]);
    const fourth = runs.run('k', c.work);
    c.finish[1](0);
    expect(await second).toBe(2);
    expect(await third).toBe(2);
    await tick();
    c.finish[2](0);
    expect(await fourth).toBe(3);
    await tick();
    expect(runs.size).toBe(0);
  });

  it('keeps keys apart', async () => {
    const runs = new SharedRuns<number>();
    const a = controlled();
    const b = controlled();
    const pa = runs.run('a', a.work);
    const pb = runs.run('b', b.work);
    expect([a.started, b.started]).toEqual([[1], [1]]);
    a.finish[0](0);
    b.finish[0](0);
    expect([await pa, await pb]).toEqual([1, 1]);
  });

  it('fails only the callers of a failed run, and runs the queued ones afterwards', async () => {
    const runs = new SharedRuns<number>();
    const c = controlled();
    const first = runs.run('k', c.work);
    const second = runs.run('k', c.work);
    c.fail[0](new Error('statement timeout'));
    await expect(first).rejects.toThrow('statement timeout');
    await tick();
    expect(c.started).toEqual([1, 2]);
    c.finish[1](0);
    expect(await second).toBe(2);
  });

  it('turns a synchronous throw into a failed run', async () => {
    const runs = new SharedRuns<number>();
    await expect(
      runs.run('k', () => {
        throw new Error('bad');
      }),
    ).rejects.toThrow('bad');
    await tick();
    expect(runs.size).toBe(0);
  });

  it('runs every call on its own when disabled', async () => {
    const runs = new SharedRuns<number>(false);
    const c = controlled();
    const all = [runs.run('k', c.work), runs.run('k', c.work), runs.run('k', c.work)];
    expect(c.started).toEqual([1, 2, 3]);
    c.finish.forEach((f) => f(0));
    expect(await Promise.all(all)).toEqual([1, 2, 3]);
  });
});
