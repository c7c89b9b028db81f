import type { Type } from '@nestjs/common';
import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { badInput } from '../errors/domain-error.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1, { message: `first must be between 1 and ${MAX_PAGE_SIZE}` })
  @Max(MAX_PAGE_SIZE, { message: `first must be between 1 and ${MAX_PAGE_SIZE}` })
  first?: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  after?: string;
}

@ObjectType()
export class PageInfo {
  @Field() hasNextPage: boolean;
  @Field() hasPreviousPage: boolean;
  @Field(() => String, { nullable: true }) startCursor: string | null;
  @Field(() => String, { nullable: true }) endCursor: string | null;
}

export interface Edge<T> {
  node: T;
  cursor: string;
}

/** A count, or a thunk that GraphQL's default resolver calls only when totalCount is asked for. */
export type LazyCount = number | (() => Promise<number>);

export interface Connection<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: LazyCount;
}

/** The names of the connection types ConnectionType built (for connectionResolvers). */
const connectionTypeNames: string[] = [];

/**
 * Each connection type's `totalCount` resolver, which runs the count query only when a client
 * asks for totalCount (the property may be a thunk). Given to GraphQL with the modules' field
 * maps (app.module.ts): a field without a resolver is read as a plain value.
 */
export function connectionResolvers(): Record<string, { totalCount: (connection: Connection<unknown>) => number | Promise<number> }> {
  const totalCount = (connection: Connection<unknown>) => (typeof connection.totalCount === 'function' ? connection.totalCount() : connection.totalCount);
  return Object.fromEntries(connectionTypeNames.map((name) => [name, { totalCount }]));
}

/** Builds the Relay connection type (and its edge type) for one node type. */
export function ConnectionType<T>(nodeType: Type<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field(() => nodeType) node: T;
    @Field() cursor: string;
  }

  @ObjectType(`${name}Connection`, { isAbstract: false })
  class ConnectionClass {
    @Field(() => [EdgeType]) edges: Edge<T>[];
    @Field(() => [nodeType]) nodes: T[];
    @Field(() => PageInfo) pageInfo: PageInfo;
    @Field(() => Int) totalCount: LazyCount;
  }
  connectionTypeNames.push(`${name}Connection`);
  return ConnectionClass;
}

/** A validated page request: how many rows, and the sort key to start after. */
export interface PageRequest<K> {
  limit: number;
  after: K | null;
}

/** Cursors are opaque: base64url of a JSON sort key. A cursor that does not decode is bad input. */
export function encodeCursor(key: unknown): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor<K>(cursor: string | undefined | null, check: (key: unknown) => key is K): K | null {
  if (cursor === undefined || cursor === null) return null;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badInput('after', 'after is not a cursor from this list');
  }
  if (!check(key)) throw badInput('after', 'after is not a cursor from this list');
  return key;
}

export function pageRequest<K>(args: PageArgs, check: (key: unknown) => key is K): PageRequest<K> {
  return { limit: args.first ?? DEFAULT_PAGE_SIZE, after: decodeCursor(args.after, check) };
}

/**
 * Turns rows fetched with limit + 1 into a connection. `hasPreviousPage` is true when the
 * page started after a cursor (forward paging only, as Relay allows).
 */
export function toConnection<R, T>(
  rows: R[],
  request: PageRequest<unknown>,
  totalCount: LazyCount,
  cursorKey: (row: R) => unknown,
  map: (row: R) => T,
): Connection<T> {
  return new PageConnection(rows.slice(0, request.limit), rows.length > request.limit, request.after !== null, totalCount, cursorKey, map);
}

/**
 * A page whose edges and cursors are built only if a client asks for them: a tree pull
 * reads `nodes` of dozens of pages and no cursor at all.
 */
class PageConnection<R, T> implements Connection<T> {
  readonly nodes: T[];
  private builtEdges: Edge<T>[] | null = null;

  constructor(
    private readonly rows: R[],
    private readonly hasNextPage: boolean,
    private readonly hasPreviousPage: boolean,
    readonly totalCount: LazyCount,
    private readonly cursorKey: (row: R) => unknown,
    map: (row: R) => T,
  ) {
    this.nodes = rows.map(map);
  }

  get edges(): Edge<T>[] {
    return (this.builtEdges ??= this.nodes.map((node, i) => ({ node, cursor: this.cursorOf(i) })));
  }

  get pageInfo(): PageInfo {
    const last = this.rows.length - 1;
    return {
      hasNextPage: this.hasNextPage,
      hasPreviousPage: this.hasPreviousPage,
      startCursor: last >= 0 ? this.cursorOf(0) : null,
      endCursor: last >= 0 ? this.cursorOf(last) : null,
    };
  }

  private cursorOf(i: number): string {
    return encodeCursor(this.cursorKey(this.rows[i]));
  }
}

/**
 * Cursor keys are checked as strictly as the SQL that will read them: a key that passed its
 * check but failed in PostgreSQL (a NUL byte, a bigint out of range, a month 13) would be an
 * internal error instead of bad input.
 */
export const isStringKey = (key: unknown): key is string => typeof key === 'string' && key.length <= 256 && !key.includes('\u0000');

const MAX_BIGINT = 9223372036854775807n;

/** Cursor key of lists ordered by a bigint id (as text). */
export const isIdKey = (key: unknown): key is string => typeof key === 'string' && /^\d{1,19}$/.test(key) && BigInt(key) <= MAX_BIGINT;

const PG_TIMESTAMPTZ = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?[+-](\d{2})(?::(\d{2}))?(?::(\d{2}))?$/;

/** A timestamptz as PostgreSQL prints it (ISO DateStyle), or `infinity`. */
export function isTimestampKey(key: unknown): key is string {
  if (key === 'infinity' || key === '-infinity') return true;
  if (typeof key !== 'string') return false;
  const m = PG_TIMESTAMPTZ.exec(key);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const [offsetHours, offsetMinutes, offsetSeconds] = [m[8], m[9] ?? '0', m[10] ?? '0'].map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    year >= 1 &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    hour < 24 &&
    minute < 60 &&
    second < 60 &&
    offsetHours < 16 &&
    offsetMinutes < 60 &&
    offsetSeconds < 60
  );
}
