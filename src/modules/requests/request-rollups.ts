/**
 * The per-unit, per-quarter roll-ups of request figures (table request_quarter_counts, kept in
 * step by triggers: migrations/1796090020000-request-quarter-counts.ts). Other modules read
 * them only through these fragments.
 */

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

/** Whether [from, to) is a whole number of quarters of Asia/Shanghai (no DST): the roll-ups answer it exactly. */
export function isWholeQuarters(from: Date, to: Date): boolean {
  const quarterStart = (t: Date) => {
    const local = new Date(t.getTime() + SHANGHAI_OFFSET_MS);
    return (
      local.getUTCMonth() % 3 === 0 &&
      local.getUTCDate() === 1 &&
      local.getUTCHours() === 0 &&
      local.getUTCMinutes() === 0 &&
      local.getUTCSeconds() === 0 &&
      local.getUTCMilliseconds() === 0
    );
  };
  return from < to && quarterStart(from) && quarterStart(to);
}

/**
 * A relation of one row per (unit, quarter) inside [fromParam, toParam) (timestamptz
 * parameters on quarter bounds, see isWholeQuarters), with columns `unit_id` (the unit the
 * requests belong to: courtyard, else holder), `received`, `cancelled` (CANCELLED now),
 * `due`, `resolved_on_time`, `closed` (CLOSED now), `resolved`, `reworked`, `escalations`,
 * `rated`, `rating_sum`, `rated_high` (README "Indicators"). Several rows per unit when the
 * period spans several quarters: sum them. A simple subquery: the planner joins it by unit.
 */
export const requestQuarterCountsSql = (fromParam: string, toParam: string) =>
  `(SELECT unit_id, received, cancelled, due, resolved_on_time, closed, resolved, reworked, escalations, rated, rating_sum, rated_high
      FROM request_quarter_counts
     WHERE quarter_start >= request_quarter_of(${fromParam}::timestamptz) AND quarter_start < request_quarter_of(${toParam}::timestamptz))`;
