import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../../src/database/data-source.js';
import { PLAN_EACH_TIME, queryAffected, queryJsonRows, queryRows } from '../../../src/database/queries.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-db.js';

// One connection, so the session that prepared a statement is the one we ask about it.
let db: TestDatabase;
let ds: DataSource;
beforeAll(async () => {
  db = await createTestDatabase();
  ds = createDataSource({ url: db.url, poolSize: 1 });
  await ds.initialize();
});
afterAll(async () => {
  await ds?.destroy();
  await db?.drop();
});

const preparedTexts = async () =>
  (await ds.query(`SELECT name, statement FROM pg_prepared_statements ORDER BY prepare_time`)) as { name: string; statement: string }[];

describe('statements sent through queryRows and queryAffected', () => {
  it('are prepared once per connection under a name derived from their text, and answer as before', async () => {
    const text = `SELECT $1::int + 1 AS n /* prepared-statements test */`;
    expect(await queryRows(ds, text, [41])).toEqual([{ n: 42 }]);
    expect(await queryRows(ds, text, [1])).toEqual([{ n: 2 }]);
    const mine = (await preparedTexts()).filter((p) => p.statement === text);
    expect(mine).toHaveLength(1);
    expect(mine[0].name).toMatch(/^gg_[A-Za-z0-9_-]{22}$/);
  });

  it('gives different texts different statements, and counts rows of UPDATE and DELETE as before', async () => {
    await ds.query(`CREATE TEMP TABLE prepared_probe (id int)`);
    await ds.query(`INSERT INTO prepared_probe SELECT generate_series(1, 5)`);
    expect(await queryAffected(ds, `UPDATE prepared_probe SET id = id + 10 WHERE id <= $1`, [3])).toBe(3);
    expect(await queryAffected(ds, `DELETE FROM prepared_probe WHERE id > $1`, [10])).toBe(3);
    const texts = (await preparedTexts()).map((p) => p.statement);
    expect(texts).toContain(`UPDATE prepared_probe SET id = id + 10 WHERE id <= $1`);
    expect(texts).toContain(`DELETE FROM prepared_probe WHERE id > $1`);
  });

  it('are sent unprepared when their plan depends on their values (PLAN_EACH_TIME)', async () => {
    const text = `SELECT count(*)::int AS n FROM generate_series(1, $1::int) /* planned each time */`;
    expect(await queryRows(ds, text, [5], PLAN_EACH_TIME)).toEqual([{ n: 5 }]);
    expect(await queryAffected(ds, text, [6], PLAN_EACH_TIME)).toBe(1);
    expect((await preparedTexts()).map((p) => p.statement)).not.toContain(text);
  });

  it('can come back as one JSON array, rows in order, none as an empty array', async () => {
    expect(await queryJsonRows(ds, `SELECT g AS n, g::text AS t, g > 1 AS big FROM generate_series(1, $1::int) g ORDER BY g DESC`, [3])).toEqual([
      { n: 3, t: '3', big: true },
      { n: 2, t: '2', big: true },
      { n: 1, t: '1', big: false },
    ]);
    expect(await queryJsonRows(ds, `SELECT 1 AS n WHERE $1::boolean`, [false])).toEqual([]);
  });

  it('keep working inside a transaction, and after one that failed', async () => {
    const text = `SELECT count(*)::int AS n FROM generate_series(1, $1::int)`;
    await expect(
      ds.transaction(async (tx) => {
        expect(await queryRows(tx, text, [3])).toEqual([{ n: 3 }]);
        await queryRows(tx, `SELECT 1 / $1::int AS boom`, [0]);
      }),
    ).rejects.toThrow(/division by zero/);
    expect(await queryRows(ds, text, [4])).toEqual([{ n: 4 }]);
    expect(await queryRows(ds, `SELECT 1 / $1::int AS boom`, [1])).toEqual([{ boom: 1 }]);
  });
});
