import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/** Anything that can run SQL: the pool, or a transaction's manager. */
export type Queryable = Pick<EntityManager, 'query'>;

/** Runs work in one transaction: either all of it is applied, or none. */
@Injectable()
export class Transactions {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction('READ COMMITTED', work);
  }
}

/**
 * TypeORM's raw `query` returns rows for SELECT and INSERT but `[rows, rowCount]` for
 * UPDATE and DELETE; these two helpers give every statement one shape.
 */
export async function queryRows<T>(q: Queryable, text: string, params: unknown[] = []): Promise<T[]> {
  const result: unknown = await q.query(text, params);
  return isUpdateResult(result) ? (result[0] as T[]) : (result as T[]);
}

/** The number of rows a statement touched. */
export async function queryAffected(q: Queryable, text: string, params: unknown[] = []): Promise<number> {
  const result: unknown = await q.query(text, params);
  return isUpdateResult(result) ? result[1] : (result as unknown[]).length;
}

function isUpdateResult(result: unknown): result is [unknown[], number] {
  return Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number';
}
