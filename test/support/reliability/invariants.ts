/**
 * Queries that must return no rows after any run, however it was interrupted: the request
 * and event trail, and the "3+1" tree. Each returns the offending ids; `violations()` runs
 * them all and lists every (rule, id).
 */
type Queryable = { query: (text: string, params?: unknown[]) => Promise<{ rows: any[] }> };

const EVENTS_IN_ORDER = `
  SELECT e.*, row_number() OVER (PARTITION BY e.request_id ORDER BY e.id) AS n,
         lag(e.request_version) OVER (PARTITION BY e.request_id ORDER BY e.id) AS previous_version,
         lag(e.to_status) OVER (PARTITION BY e.request_id ORDER BY e.id) AS previous_to
    FROM request_event e`;

export const REQUEST_INVARIANTS: Record<string, string> = {
  'a request without events': `
    SELECT r.id FROM service_request r WHERE NOT EXISTS (SELECT 1 FROM request_event e WHERE e.request_id = r.id)`,
  'a first event that is not SUBMITTED at version 1': `
    SELECT request_id AS id FROM (${EVENTS_IN_ORDER}) e
     WHERE n = 1 AND NOT (type = 'SUBMITTED' AND request_version = 1 AND from_status IS NULL)`,
  'a second event that is not ASSIGNED or ROUTED at version 1': `
    SELECT request_id AS id FROM (${EVENTS_IN_ORDER}) e
     WHERE n = 2 AND NOT (type IN ('ASSIGNED', 'ROUTED') AND request_version = 1)`,
  'a submission with a single event': `
    SELECT request_id AS id FROM request_event GROUP BY request_id HAVING count(*) < 2`,
  'an event version lower than the one before': `
    SELECT request_id AS id FROM (${EVENTS_IN_ORDER}) e WHERE previous_version > request_version`,
  "an event whose fromStatus is not the previous event's toStatus": `
    SELECT request_id AS id FROM (${EVENTS_IN_ORDER}) e WHERE n > 1 AND from_status IS DISTINCT FROM previous_to`,
  "a status that is not the last event's toStatus": `
    SELECT r.id FROM service_request r
      JOIN LATERAL (SELECT to_status FROM request_event e WHERE e.request_id = r.id ORDER BY e.id DESC LIMIT 1) last ON true
     WHERE last.to_status <> r.status`,
  "a version that is not the last event's version": `
    SELECT r.id FROM service_request r
      JOIN (SELECT request_id, max(request_version) AS v, count(DISTINCT request_version) AS d FROM request_event GROUP BY request_id) e
        ON e.request_id = r.id
     WHERE e.v <> r.version OR e.d <> r.version`,
  'ASSIGNED or IN_PROGRESS without an assignee': `
    SELECT id FROM service_request WHERE status IN ('ASSIGNED', 'IN_PROGRESS') AND assignee_member_id IS NULL`,
  'PENDING_DISPATCH with an assignee': `
    SELECT id FROM service_request WHERE status = 'PENDING_DISPATCH' AND assignee_member_id IS NOT NULL`,
  'a duplicate (reporter, idempotency key)': `
    SELECT min(id) AS id FROM service_request WHERE idempotency_key IS NOT NULL
     GROUP BY reporter_user_id, idempotency_key HAVING count(*) > 1`,
};

/** The tree invariants of the tree model test (issue 6), as queries returning offending ids. */
export const TREE_INVARIANTS: Record<string, string> = {
  'a root that is not a street committee, or a street committee with a parent': `
    SELECT id FROM org_unit WHERE (parent_id IS NULL) <> (level = 'STREET_COMMITTEE')`,
  'a parent not of the level just above': `
    SELECT c.id FROM org_unit c JOIN org_unit p ON p.id = c.parent_id WHERE org_level_depth(p.level) + 1 <> org_level_depth(c.level)`,
  'a path that is not the parent path plus the id': `
    SELECT c.id FROM org_unit c LEFT JOIN org_unit p ON p.id = c.parent_id
     WHERE c.path <> CASE WHEN p.id IS NULL THEN c.id::text::ltree ELSE p.path || c.id::text::ltree END`,
  'a path depth that does not match the level': `SELECT id FROM org_unit WHERE nlevel(path) <> org_level_depth(level)`,
  'a live unit under an archived one': `
    SELECT c.id FROM org_unit c JOIN org_unit p ON p.id = c.parent_id WHERE p.archived AND NOT c.archived`,
  'a duplicate code': `SELECT min(id) AS id FROM org_unit GROUP BY code HAVING count(*) > 1`,
  'a subtree read (path <@) that disagrees with the parent links': `
    WITH RECURSIVE sub(root, id) AS (
      SELECT id, id FROM org_unit
      UNION ALL SELECT sub.root, c.id FROM sub JOIN org_unit c ON c.parent_id = sub.id)
    SELECT a.id FROM org_unit a
     WHERE (SELECT count(*) FROM sub WHERE sub.root = a.id) <> (SELECT count(*) FROM org_unit u WHERE u.path <@ a.path)`,
};

export async function violations(q: Queryable, rules: Record<string, string>): Promise<{ rule: string; id: string }[]> {
  const found: { rule: string; id: string }[] = [];
  for (const [rule, sql] of Object.entries(rules)) {
    const { rows } = await q.query(`SELECT id::text AS id FROM (${sql}) x ORDER BY 1 LIMIT 20`);
    for (const row of rows) found.push({ rule, id: row.id });
  }
  return found;
}

export const requestViolations = (q: Queryable) => violations(q, REQUEST_INVARIANTS);
export const treeViolations = (q: Queryable) => violations(q, TREE_INVARIANTS);
