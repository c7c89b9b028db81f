import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';

/** Anything that can run SQL: the pool, or a transaction's manager. */
export type Queryable = Pick<EntityManager, 'query'>;

/**
 * Statements are sent as named prepared statements: PostgreSQL then parses each text once
 * per connection and, after five runs, may keep one generic plan for it (the per-request user
 * lookup joins four tables: planning it every time cost several times its execution). A name is a hash of the text, so each distinct text is one statement; past
 * PREPARED_TEXTS_KEPT distinct texts further ones run unprepared rather than grow every
 * connection without bound.
 *
 * A statement whose best plan depends on its values is sent with `planEachTime`: a subtree
 * filter `path <@ $1` is a courtyard's ten requests or a street's twenty thousand, and a
 * generic plan picked for one is wrong for the other (a secretary's queue cost PostgreSQL
 * several times more once it switched to a generic plan walking every request by date).
 */
const PREPARED_TEXTS_KEPT = 2_000;
const preparedNames = new Map<string, string>();

export interface PreparedSql {
  name: string;
  text: string;
}

function prepared(text: string): PreparedSql | string {
  let name = preparedNames.get(text);
  if (name === undefined) {
    if (preparedNames.size >= PREPARED_TEXTS_KEPT) return text;
    name = `gg_${createHash('sha1').update(text).digest('base64url').slice(0, 22)}`;
    preparedNames.set(text, name);
  }
  return { name, text };
}

/** The SQL text of a statement as TypeORM hands it to the logger (a string or a prepared statement). */
export function sqlText(query: string | PreparedSql): string {
  return typeof query === 'string' ? query : query.text;
}

export interface SendOptions {
  /** Plan with the values of each call (unprepared): for statements whose best plan depends on them. */
  planEachTime?: boolean;
}

/** For statements whose best plan depends on their values (see above). */
export const PLAN_EACH_TIME: SendOptions = { planEachTime: true };

/** Sends one statement, prepared unless asked not to (TypeORM passes the {name, text} object on to pg untouched). */
function send(q: Queryable, text: string, params: unknown[], options: SendOptions): Promise<unknown> {
  return q.query(options.planEachTime ? text : (prepared(text) as string), params);
}

/**
 * TypeORM's raw `query` returns rows for SELECT and INSERT but `[rows, rowCount]` for
 * UPDATE and DELETE; these two helpers give every statement one shape.
 */
export async function queryRows<T>(q: Queryable, text: string, params: unknown[] = [], options: SendOptions = {}): Promise<T[]> {
  const result: unknown = await send(q, text, params, options);
  return isUpdateResult(result) ? (result[0] as T[]) : (result as T[]);
}

/**
 * The rows of a SELECT whose columns are all JSON-safe (text, numbers, booleans, arrays; no
 * timestamps), fetched as one JSON array in one value, in the statement's order. For many
 * narrow rows (every unit of a subtree with its open count): pg decodes each column of each
 * row on its own, JSON.parse the whole array at once. Wide rows are cheaper as rows: building
 * their JSON costs PostgreSQL more than decoding them costs us (measured on children pages).
 */
export async function queryJsonRows<T>(q: Queryable, text: string, params: unknown[] = [], options: SendOptions = {}): Promise<T[]> {
  const [row] = await queryRows<{ rows: T[] }>(q, `SELECT coalesce(json_agg(x), '[]'::json) AS rows FROM (${text}) x`, params, options);
  return row.rows;
}

/**
 * A SQL expression for one row of `select` as JSON, for a statement that reads rows of another
 * module along with its own. `select` is a SELECT that names `ref.id` for the row wanted;
 * `idSql` (an expression of the outer statement, or null) is evaluated in VALUES, so it sees
 * the outer statement's aliases even where `select` uses the same ones.
 */
export function rowAsJsonSql(idSql: string, select: string): string {
  return `(SELECT to_json(x) FROM (VALUES (${idSql})) AS ref(id) CROSS JOIN LATERAL (${select}) x)`;
}

/** The number of rows a statement touched. */
export async function queryAffected(q: Queryable, text: string, params: unknown[] = [], options: SendOptions = {}): Promise<number> {
  const result: unknown = await send(q, text, params, options);
  return isUpdateResult(result) ? result[1] : (result as unknown[]).length;
}

function isUpdateResult(result: unknown): result is [unknown[], number] {
  return Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number';
}
