import type { DataSource } from 'typeorm';
import { CONTRACT_CODES } from '../contract-codes.js';

/** The contract's codes a fuzzed input may get: INTERNAL_SERVER_ERROR is a bug here. */
const FUZZ_CODES = new Set([...CONTRACT_CODES].filter((code) => code !== 'INTERNAL_SERVER_ERROR'));

/**
 * The domain tables a refused mutation must leave as they were. Not audit_log,
 * login_failure or rate-limit records, which a refusal may write.
 */
export const DOMAIN_TABLES = [
  'org_unit',
  'member',
  'app_user',
  'service_category',
  'service_request',
  'request_event',
  'volunteer_org',
  'volunteer',
  'volunteer_activity',
  'volunteer_signup',
  'volunteer_hours_entry',
  'volunteer_star_award',
  'volunteer_certificate',
  'facility_type',
  'facility',
];

/** md5 of each domain table's full content, in id order. */
export async function domainChecksum(db: DataSource): Promise<Record<string, string>> {
  const selects = DOMAIN_TABLES.map(
    (t) => `(SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x.id), '')) FROM ${t} x) AS ${t}`,
  );
  const [row] = await db.query(`SELECT ${selects.join(', ')}`);
  return row;
}

/** Text that only a leaked stack trace, driver error or SQL statement would put in a response. */
const LEAKS: [string, RegExp][] = [
  ['stack frame', /\bat (?:async )?[\w$.<>[\] ]*\(?(?:file:\/\/|node:|\/)[^)\s]*:\d+:\d+\)?/],
  ['source path', /(?:\/work\/|node_modules|dist\/src|\.ts:\d+)/],
  ['driver error', /QueryFailedError|TypeORMError|error: (?:duplicate key|syntax error|invalid input syntax|relation|column)/i],
  ['SQL error text', /(?:violates (?:check|foreign key|unique|not-null) constraint|syntax error at or near|invalid input syntax for type|value too long for type|out of range for type|null value in column|invalid byte sequence|unterminated quoted)/i],
  ['SQL statement', /\b(?:SELECT\s+[\w*().,\s]+\s+FROM\s+\w+|INSERT\s+INTO\s+\w+\s*\(|UPDATE\s+\w+\s+(?:AS\s+\w+\s+)?SET\s+\w+\s*=|DELETE\s+FROM\s+\w+\s+WHERE)/i],
  ['stack key', /"stack"\s*:/],
  ['exception key', /"exception"\s*:/],
];

export interface CheckedResponse {
  status: number;
  text: string;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } }[] };
}

/**
 * What is wrong with one response (empty when nothing): a 5xx, a body that is not GraphQL JSON,
 * a code outside the contract, a leaked stack trace or SQL. `sent` is the variables' JSON: a
 * message may echo the caller's own input (a coercion error does), which is not a leak.
 */
export function responseProblems(res: CheckedResponse, sent: string): string[] {
  const problems: string[] = [];
  if (res.status >= 500) problems.push(`HTTP ${res.status}`);
  if (!res.body || typeof res.body !== 'object' || (!('data' in res.body) && !('errors' in res.body))) {
    problems.push(`not a GraphQL response: ${res.text.slice(0, 300)}`);
    return problems;
  }
  for (const error of res.body.errors ?? []) {
    const code = error.extensions?.code;
    if (!code || !FUZZ_CODES.has(code)) problems.push(`code ${code ?? '(none)'}: ${String(error.message).slice(0, 300)}`);
  }
  // Look for leaks in the messages only as far as they are not the caller's own text.
  for (const [what, pattern] of LEAKS) {
    const hit = pattern.exec(res.text);
    if (hit && !sent.includes(hit[0]) && !echoed(hit[0], sent)) problems.push(`${what} in the body: …${hit[0].slice(0, 200)}…`);
  }
  return problems;
}

/** graphql-js echoes a bad variable value JSON-encoded inside a message; accept such echoes. */
function echoed(hit: string, sent: string): boolean {
  const plain = hit.replace(/\\"/g, '"').replace(/\\\\/g, '\\');
  return sent.includes(plain) || JSON.stringify(sent).includes(hit);
}

/** The call was refused: an error at the mutation field itself, or before execution. */
export function isRejected(res: CheckedResponse, field: string): boolean {
  const errors = res.body.errors ?? [];
  return errors.some((e) => !e.path || e.path.length === 0 || (e.path.length === 1 && e.path[0] === field));
}
