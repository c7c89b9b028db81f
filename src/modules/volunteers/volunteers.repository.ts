import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PageRequest } from '../../common/paging/paging.js';
import { PLAN_EACH_TIME, queryAffected, queryRows, type Queryable } from '../../database/queries.js';
import { orgUnitSql as unit } from '../org/index.js';
import { memberSql as member, userSql as user } from '../people/index.js';
import type {
  ActivityRow,
  ActivityStatus,
  AwardRow,
  CertificateRow,
  HoursRow,
  HoursSource,
  HoursStatus,
  OrgRow,
  SignupRow,
  SignupStatus,
  VolunteerOrgKind,
  VolunteerRow,
} from './volunteer.models.js';

/*
 * All SQL of the volunteer service. Other modules' tables are read only through the fragments
 * their owners export (README, "Layout"): units' paths through orgUnitSql (subtree scope:
 * `path <@ scope`, joined so that a moved unit's volunteers count for its new parents at
 * once), and in userFacts/memberFacts whether an account or member record exists (ids named in
 * inputs) through userSql and memberSql.
 */

const ORG = `SELECT o.id::text AS id, o.name, o.kind, o.unit_id::text AS unit_id, ${unit.path('ou')}::text AS unit_path,
  o.contact_name, o.contact_phone, o.active, o.created_at,
  ARRAY(SELECT m.user_id::text FROM volunteer_org_manager m WHERE m.org_id = o.id ORDER BY m.user_id) AS manager_ids
  FROM volunteer_org o JOIN ${unit.table('ou')} ON ${unit.id('ou')} = o.unit_id`;

/** The star level in force: the highest award not revoked whose notice has ended. */
export const STAR_LEVEL_SQL = (v: string) =>
  `(SELECT coalesce(max(s.level), 0)::int FROM volunteer_star_award s
     WHERE s.volunteer_id = ${v}.id AND s.revoked_at IS NULL AND s.effective_at <= now())`;

const VOLUNTEER = `SELECT v.id::text AS id, v.number, v.name, v.phone, v.unit_id::text AS unit_id, ${unit.path('vu')}::text AS unit_path,
  v.user_id::text AS user_id, v.member_id::text AS member_id, v.skills, v.active, v.approved_tenths::float8 AS approved_tenths,
  v.registered_at,
  ARRAY(SELECT ms.org_id::text FROM volunteer_membership ms WHERE ms.volunteer_id = v.id ORDER BY ms.org_id) AS org_ids,
  ARRAY(SELECT DISTINCT om.user_id::text FROM volunteer_membership ms JOIN volunteer_org_manager om ON om.org_id = ms.org_id
         WHERE ms.volunteer_id = v.id) AS manager_ids
  FROM volunteer v JOIN ${unit.table('vu')} ON ${unit.id('vu')} = v.unit_id`;

/** An activity with its organisation, the organisation's unit (ou) and its own unit (au). */
const ACTIVITY_FROM = `volunteer_activity a JOIN volunteer_org o ON o.id = a.org_id JOIN ${unit.table('ou')} ON ${unit.id('ou')} = o.unit_id
  JOIN ${unit.table('au')} ON ${unit.id('au')} = a.unit_id`;

const ACTIVITY = `SELECT a.id::text AS id, a.org_id::text AS org_id, ${unit.path('ou')}::text AS org_unit_path,
  ARRAY(SELECT m.user_id::text FROM volunteer_org_manager m WHERE m.org_id = a.org_id ORDER BY m.user_id) AS org_manager_ids,
  a.unit_id::text AS unit_id, ${unit.path('au')}::text AS unit_path, a.title, a.description, a.location[1] AS lat, a.location[0] AS lng,
  a.address, a.starts_at, a.ends_at, a.capacity, a.signup_count, a.status, a.version, a.check_in_code, a.created_at
  FROM ${ACTIVITY_FROM}`;

const SIGNUP = `SELECT s.id::text AS id, s.activity_id::text AS activity_id, s.volunteer_id::text AS volunteer_id, s.status,
  s.checked_in_at, s.checked_out_at, s.created_at FROM volunteer_signup s`;

const HOURS = `SELECT e.id::text AS id, e.volunteer_id::text AS volunteer_id, e.tenths, e.source, e.status,
  e.service_date::text AS service_date, e.description, e.org_id::text AS org_id, e.activity_id::text AS activity_id,
  e.service_request_id::text AS service_request_id, e.corrects_id::text AS corrects_id,
  e.recorded_by_user_id::text AS recorded_by_user_id, e.decided_by_user_id::text AS decided_by_user_id,
  e.decided_at, e.note, e.created_at FROM volunteer_hours_entry e`;

const AWARD = `SELECT a.id::text AS id, a.volunteer_id::text AS volunteer_id, a.level, a.awarded_by_user_id::text AS awarded_by_user_id,
  a.awarded_at, a.effective_at, a.note, a.revoked_at FROM volunteer_star_award a`;

const CERTIFICATE = `SELECT c.id::text AS id, c.number, c.verification_code, c.volunteer_id::text AS volunteer_id,
  c.tenths::float8 AS tenths, c.star_level, c.org_id::text AS org_id, c.issued_by_user_id::text AS issued_by_user_id,
  c.issued_at, c.revoked_at FROM volunteer_certificate c`;

/**
 * Locks one row by id, then the caller reads it with its joins in a second statement: one
 * statement locking over the join would, after waiting for a change of the joined unit,
 * re-check the join against the old row and find nothing.
 */
async function lockRow(q: Queryable, table: 'volunteer' | 'volunteer_org' | 'volunteer_activity', id: string): Promise<boolean> {
  const rows = await queryRows(q, `SELECT 1 FROM ${table} WHERE id = $1 FOR UPDATE`, [id]);
  return rows.length > 0;
}

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export interface VolunteerVisibilitySql {
  all: boolean;
  scopePath: string | null;
  userId: string;
}

export interface VolunteerFilterSql {
  unitPath: string | null;
  orgId: string | null;
  minStarLevel: number | null;
  search: string | null;
}

export interface ActivityFilterSql {
  unitPath: string | null;
  orgId: string | null;
  statuses: ActivityStatus[] | null;
  startsAfter: Date | null;
}

export interface NewEntry {
  volunteerId: string;
  tenths: number;
  source: HoursSource;
  status: HoursStatus;
  serviceDate: string;
  description: string | null;
  orgId: string | null;
  activityId: string | null;
  serviceRequestId: string | null;
  correctsId: string | null;
  recordedBy: string | null;
  note: string | null;
}

export interface StatsRow {
  unit_id: string;
  registered: number;
  by_level: number[];
  tenths: number;
  active_volunteers: number;
  organizations: number;
  activities: number;
}

@Injectable()
export class VolunteersRepository {
  constructor(private readonly db: DataSource) {}

  // ---- other modules' rows, read by name --------------------------------------------------

  async unitFacts(id: string, q: Queryable = this.db): Promise<{ id: string; path: string; archived: boolean } | undefined> {
    const rows = await queryRows<{ id: string; path: string; archived: boolean }>(
      q,
      `SELECT ${unit.id('u')}::text AS id, ${unit.path('u')}::text AS path, ${unit.archived('u')} AS archived FROM ${unit.table('u')} WHERE ${unit.id('u')} = $1`,
      [id],
    );
    return rows[0];
  }

  async unitPaths(ids: readonly string[], q: Queryable = this.db): Promise<Map<string, string>> {
    const rows = await queryRows<{ id: string; path: string }>(q, `SELECT ${unit.id('u')}::text AS id, ${unit.path('u')}::text AS path FROM ${unit.table('u')} WHERE ${unit.id('u')} = ANY($1::bigint[])`, [ids]);
    return new Map(rows.map((r) => [r.id, r.path]));
  }

  async userFacts(id: string, q: Queryable = this.db): Promise<{ id: string; active: boolean } | undefined> {
    const rows = await queryRows<{ id: string; active: boolean }>(q, `SELECT ${user.id('a')}::text AS id, ${user.active('a')} AS active FROM ${user.table('a')} WHERE ${user.id('a')} = $1`, [id]);
    return rows[0];
  }

  async memberFacts(id: string, q: Queryable = this.db): Promise<{ id: string; unit_path: string } | undefined> {
    const rows = await queryRows<{ id: string; unit_path: string }>(
      q,
      `SELECT ${member.id('m')}::text AS id, ${unit.path('u')}::text AS unit_path
         FROM ${member.table('m')} JOIN ${unit.table('u')} ON ${unit.id('u')} = ${member.unitId('m')} WHERE ${member.id('m')} = $1`,
      [id],
    );
    return rows[0];
  }

  // ---- organisations ------------------------------------------------------------------------

  orgsByIds(ids: readonly string[], q: Queryable = this.db): Promise<OrgRow[]> {
    return queryRows(q, `${ORG} WHERE o.id = ANY($1::bigint[])`, [ids]);
  }

  async lockOrg(id: string, q: Queryable): Promise<OrgRow | undefined> {
    if (!(await lockRow(q, 'volunteer_org', id))) return undefined;
    return (await this.orgsByIds([id], q))[0];
  }

  async insertOrg(o: { name: string; kind: VolunteerOrgKind; unitId: string; contactName: string | null; contactPhone: string | null }, q: Queryable): Promise<string> {
    const [row] = await queryRows<{ id: string }>(
      q,
      `INSERT INTO volunteer_org (name, kind, unit_id, contact_name, contact_phone) VALUES ($1, $2, $3, $4, $5) RETURNING id::text AS id`,
      [o.name, o.kind, o.unitId, o.contactName, o.contactPhone],
    );
    return row.id;
  }

  async updateOrg(id: string, o: { name: string; contactName: string | null; contactPhone: string | null; active: boolean }, q: Queryable): Promise<void> {
    await queryAffected(q, `UPDATE volunteer_org SET name = $2, contact_name = $3, contact_phone = $4, active = $5 WHERE id = $1`, [
      id,
      o.name,
      o.contactName,
      o.contactPhone,
      o.active,
    ]);
  }

  async addManager(orgId: string, userId: string, q: Queryable): Promise<boolean> {
    return (await queryAffected(q, `INSERT INTO volunteer_org_manager (org_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1`, [orgId, userId])) > 0;
  }

  async removeManager(orgId: string, userId: string, q: Queryable): Promise<boolean> {
    return (await queryAffected(q, `DELETE FROM volunteer_org_manager WHERE org_id = $1 AND user_id = $2`, [orgId, userId])) > 0;
  }

  listOrgs(f: { unitPath: string | null; kind: VolunteerOrgKind | null; search: string | null }, page: PageRequest<string>): Promise<OrgRow[]> {
    return queryRows(
      this.db,
      `${ORG} WHERE ($1::ltree IS NULL OR ${unit.path('ou')} <@ $1::ltree) AND ($2::volunteer_org_kind IS NULL OR o.kind = $2)
         AND ($3::text IS NULL OR o.name ILIKE $3) AND ($4::bigint IS NULL OR o.id > $4)
       ORDER BY o.id LIMIT $5`,
      [f.unitPath, f.kind, f.search ? likePattern(f.search) : null, page.after, page.limit + 1],
      PLAN_EACH_TIME,
    );
  }

  async countOrgs(f: { unitPath: string | null; kind: VolunteerOrgKind | null; search: string | null }): Promise<number> {
    const [row] = await queryRows<{ n: number }>(
      this.db,
      `SELECT count(*)::int AS n FROM volunteer_org o JOIN ${unit.table('ou')} ON ${unit.id('ou')} = o.unit_id
        WHERE ($1::ltree IS NULL OR ${unit.path('ou')} <@ $1::ltree) AND ($2::volunteer_org_kind IS NULL OR o.kind = $2) AND ($3::text IS NULL OR o.name ILIKE $3)`,
      [f.unitPath, f.kind, f.search ? likePattern(f.search) : null],
      PLAN_EACH_TIME,
    );
    return row.n;
  }

  async activeVolunteerCounts(orgIds: readonly string[]): Promise<Map<string, number>> {
    const rows = await queryRows<{ id: string; n: number }>(
      this.db,
      `SELECT ms.org_id::text AS id, count(*)::int AS n FROM volunteer_membership ms JOIN volunteer v ON v.id = ms.volunteer_id
        WHERE ms.org_id = ANY($1::bigint[]) AND v.active GROUP BY ms.org_id`,
      [orgIds],
    );
    return new Map(rows.map((r) => [r.id, r.n]));
  }

  // ---- volunteers ---------------------------------------------------------------------------

  volunteersByIds(ids: readonly string[], q: Queryable = this.db): Promise<VolunteerRow[]> {
    return queryRows(q, `${VOLUNTEER} WHERE v.id = ANY($1::bigint[])`, [ids]);
  }

  async volunteerByNumber(number: string): Promise<VolunteerRow | undefined> {
    return (await queryRows<VolunteerRow>(this.db, `${VOLUNTEER} WHERE v.number = $1`, [number]))[0];
  }

  async volunteerOfUser(userId: string, q: Queryable = this.db): Promise<VolunteerRow | undefined> {
    return (await queryRows<VolunteerRow>(q, `${VOLUNTEER} WHERE v.user_id = $1`, [userId]))[0];
  }

  /** Every change to a volunteer's ledger, record or memberships locks the volunteer first. */
  async lockVolunteer(id: string, q: Queryable): Promise<VolunteerRow | undefined> {
    if (!(await lockRow(q, 'volunteer', id))) return undefined;
    return (await this.volunteersByIds([id], q))[0];
  }

  async insertVolunteer(
    v: { name: string; phone: string; unitId: string; userId: string | null; memberId: string | null; skills: string[] },
    q: Queryable,
  ): Promise<string> {
    const [row] = await queryRows<{ id: string }>(
      q,
      `INSERT INTO volunteer (name, phone, unit_id, user_id, member_id, skills) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id::text AS id`,
      [v.name, v.phone, v.unitId, v.userId, v.memberId, v.skills],
    );
    return row.id;
  }

  async updateVolunteer(
    id: string,
    v: { name: string; phone: string; unitId: string; skills: string[]; active: boolean; userId: string | null },
    q: Queryable,
  ): Promise<void> {
    await queryAffected(q, `UPDATE volunteer SET name = $2, phone = $3, unit_id = $4, skills = $5, active = $6, user_id = $7 WHERE id = $1`, [
      id,
      v.name,
      v.phone,
      v.unitId,
      v.skills,
      v.active,
      v.userId,
    ]);
  }

  async addMembership(volunteerId: string, orgId: string, q: Queryable): Promise<boolean> {
    return (await queryAffected(q, `INSERT INTO volunteer_membership (volunteer_id, org_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1`, [volunteerId, orgId])) > 0;
  }

  async removeMembership(volunteerId: string, orgId: string, q: Queryable): Promise<boolean> {
    return (await queryAffected(q, `DELETE FROM volunteer_membership WHERE volunteer_id = $1 AND org_id = $2`, [volunteerId, orgId])) > 0;
  }

  private volunteerWhere(vis: VolunteerVisibilitySql, f: VolunteerFilterSql): [string, unknown[]] {
    const params: unknown[] = [vis.all, vis.scopePath, vis.userId, f.unitPath, f.orgId, f.minStarLevel, f.search ? likePattern(f.search) : null];
    const where = `($1 OR v.user_id = $3::bigint OR ($2::ltree IS NOT NULL AND ${unit.path('vu')} <@ $2::ltree)
        OR EXISTS (SELECT 1 FROM volunteer_membership ms JOIN volunteer_org_manager om ON om.org_id = ms.org_id
                    WHERE ms.volunteer_id = v.id AND om.user_id = $3::bigint))
      AND ($4::ltree IS NULL OR ${unit.path('vu')} <@ $4::ltree)
      AND ($5::bigint IS NULL OR EXISTS (SELECT 1 FROM volunteer_membership ms WHERE ms.volunteer_id = v.id AND ms.org_id = $5::bigint))
      AND ($6::int IS NULL OR ${STAR_LEVEL_SQL('v')} >= $6::int)
      AND ($7::text IS NULL OR v.name ILIKE $7 OR v.number ILIKE $7)`;
    return [where, params];
  }

  listVolunteers(vis: VolunteerVisibilitySql, f: VolunteerFilterSql, page: PageRequest<string>): Promise<VolunteerRow[]> {
    const [where, params] = this.volunteerWhere(vis, f);
    params.push(page.after, page.limit + 1);
    return queryRows(this.db, `${VOLUNTEER} WHERE ${where} AND ($8::bigint IS NULL OR v.id > $8::bigint) ORDER BY v.id LIMIT $9`, params, PLAN_EACH_TIME);
  }

  async countVolunteers(vis: VolunteerVisibilitySql, f: VolunteerFilterSql): Promise<number> {
    const [where, params] = this.volunteerWhere(vis, f);
    const [row] = await queryRows<{ n: number }>(
      this.db,
      `SELECT count(*)::int AS n FROM volunteer v JOIN ${unit.table('vu')} ON ${unit.id('vu')} = v.unit_id WHERE ${where}`,
      params,
      PLAN_EACH_TIME,
    );
    return row.n;
  }

  async starLevels(volunteerIds: readonly string[]): Promise<Map<string, number>> {
    const rows = await queryRows<{ id: string; level: number }>(
      this.db,
      `SELECT v.id::text AS id, ${STAR_LEVEL_SQL('v')} AS level FROM volunteer v WHERE v.id = ANY($1::bigint[])`,
      [volunteerIds],
    );
    return new Map(rows.map((r) => [r.id, r.level]));
  }

  // ---- activities ---------------------------------------------------------------------------

  activitiesByIds(ids: readonly string[], q: Queryable = this.db): Promise<ActivityRow[]> {
    return queryRows(q, `${ACTIVITY} WHERE a.id = ANY($1::bigint[])`, [ids]);
  }

  async lockActivity(id: string, q: Queryable): Promise<ActivityRow | undefined> {
    if (!(await lockRow(q, 'volunteer_activity', id))) return undefined;
    return (await this.activitiesByIds([id], q))[0];
  }

  async insertActivity(
    a: {
      orgId: string;
      unitId: string;
      title: string;
      description: string | null;
      lat: number | null;
      lng: number | null;
      address: string | null;
      startsAt: Date;
      endsAt: Date;
      capacity: number;
      code: string;
    },
    q: Queryable,
  ): Promise<string> {
    const [row] = await queryRows<{ id: string }>(
      q,
      `INSERT INTO volunteer_activity (org_id, unit_id, title, description, location, address, starts_at, ends_at, capacity, check_in_code)
       VALUES ($1, $2, $3, $4, CASE WHEN $5::float8 IS NULL THEN NULL ELSE point($6::float8, $5::float8) END, $7, $8, $9, $10, $11)
       RETURNING id::text AS id`,
      [a.orgId, a.unitId, a.title, a.description, a.lat, a.lng, a.address, a.startsAt, a.endsAt, a.capacity, a.code],
    );
    return row.id;
  }

  async updateActivity(
    id: string,
    a: { title: string; description: string | null; address: string | null; startsAt: Date; endsAt: Date; capacity: number; status: ActivityStatus },
    q: Queryable,
  ): Promise<void> {
    await queryAffected(
      q,
      `UPDATE volunteer_activity SET title = $2, description = $3, address = $4, starts_at = $5, ends_at = $6, capacity = $7, status = $8,
         version = version + 1 WHERE id = $1`,
      [id, a.title, a.description, a.address, a.startsAt, a.endsAt, a.capacity, a.status],
    );
  }

  private activityWhere(vis: VolunteerVisibilitySql, f: ActivityFilterSql): [string, unknown[]] {
    const params: unknown[] = [vis.all, vis.scopePath, vis.userId, f.unitPath, f.orgId, f.statuses, f.startsAfter];
    // Seen: PUBLISHED ones by everyone; the rest by its organisers, staff in scope of where it is held, and its participants.
    const where = `($1 OR a.status = 'PUBLISHED'
        OR ($2::ltree IS NOT NULL AND (${unit.path('au')} <@ $2::ltree OR ${unit.path('ou')} <@ $2::ltree))
        OR EXISTS (SELECT 1 FROM volunteer_org_manager m WHERE m.org_id = a.org_id AND m.user_id = $3::bigint)
        OR EXISTS (SELECT 1 FROM volunteer_signup s JOIN volunteer sv ON sv.id = s.volunteer_id WHERE s.activity_id = a.id AND sv.user_id = $3::bigint))
      AND ($4::ltree IS NULL OR ${unit.path('au')} <@ $4::ltree)
      AND ($5::bigint IS NULL OR a.org_id = $5::bigint)
      AND ($6::volunteer_activity_status[] IS NULL OR a.status = ANY($6::volunteer_activity_status[]))
      AND ($7::timestamptz IS NULL OR a.starts_at > $7::timestamptz)`;
    return [where, params];
  }

  listActivities(vis: VolunteerVisibilitySql, f: ActivityFilterSql, after: [string, string] | null, limit: number): Promise<ActivityRow[]> {
    const [where, params] = this.activityWhere(vis, f);
    params.push(after?.[0] ?? null, after?.[1] ?? null, limit + 1);
    return queryRows(
      this.db,
      `${ACTIVITY} WHERE ${where} AND ($8::timestamptz IS NULL OR (a.starts_at, a.id) > ($8::timestamptz, $9::bigint))
       ORDER BY a.starts_at, a.id LIMIT $10`,
      params,
      PLAN_EACH_TIME,
    );
  }

  async countActivities(vis: VolunteerVisibilitySql, f: ActivityFilterSql): Promise<number> {
    const [where, params] = this.activityWhere(vis, f);
    const [row] = await queryRows<{ n: number }>(
      this.db,
      `SELECT count(*)::int AS n FROM ${ACTIVITY_FROM} WHERE ${where}`,
      params,
      PLAN_EACH_TIME,
    );
    return row.n;
  }

  // ---- sign-ups -----------------------------------------------------------------------------

  signupsByIds(ids: readonly string[]): Promise<SignupRow[]> {
    return queryRows(this.db, `${SIGNUP} WHERE s.id = ANY($1::bigint[])`, [ids]);
  }

  async signupOf(activityId: string, volunteerId: string, q: Queryable = this.db, lock = false): Promise<SignupRow | undefined> {
    return (await queryRows<SignupRow>(q, `${SIGNUP} WHERE s.activity_id = $1 AND s.volunteer_id = $2${lock ? ' FOR UPDATE' : ''}`, [activityId, volunteerId]))[0];
  }

  async insertSignup(activityId: string, volunteerId: string, q: Queryable): Promise<SignupRow> {
    const [row] = await queryRows<SignupRow>(
      q,
      `INSERT INTO volunteer_signup AS s (activity_id, volunteer_id) VALUES ($1, $2)
       RETURNING s.id::text AS id, s.activity_id::text AS activity_id, s.volunteer_id::text AS volunteer_id, s.status,
                 s.checked_in_at, s.checked_out_at, s.created_at`,
      [activityId, volunteerId],
    );
    return row;
  }

  async setSignup(id: string, status: SignupStatus, checkedInAt: Date | null, checkedOutAt: Date | null, q: Queryable): Promise<SignupRow> {
    const [row] = await queryRows<SignupRow>(
      q,
      `UPDATE volunteer_signup AS s SET status = $2, checked_in_at = $3, checked_out_at = $4 WHERE s.id = $1
       RETURNING s.id::text AS id, s.activity_id::text AS activity_id, s.volunteer_id::text AS volunteer_id, s.status,
                 s.checked_in_at, s.checked_out_at, s.created_at`,
      [id, status, checkedInAt, checkedOutAt],
    );
    return row;
  }

  /** One page of the sign-ups of each of several activities (only one volunteer's, when given), in one statement. */
  signupPages(activityIds: readonly string[], onlyVolunteerId: string | null, page: PageRequest<string>): Promise<(SignupRow & { owner_id: string })[]> {
    return queryRows(
      this.db,
      `SELECT o.id::text AS owner_id, x.* FROM unnest($1::bigint[]) AS o(id)
       CROSS JOIN LATERAL (${SIGNUP} WHERE s.activity_id = o.id AND ($2::bigint IS NULL OR s.volunteer_id = $2::bigint)
                             AND ($3::bigint IS NULL OR s.id > $3::bigint) ORDER BY s.id LIMIT $4) x`,
      [activityIds, onlyVolunteerId, page.after, page.limit + 1],
    );
  }

  async signupCounts(activityIds: readonly string[], onlyVolunteerId: string | null): Promise<Map<string, number>> {
    const rows = await queryRows<{ id: string; n: number }>(
      this.db,
      `SELECT activity_id::text AS id, count(*)::int AS n FROM volunteer_signup
        WHERE activity_id = ANY($1::bigint[]) AND ($2::bigint IS NULL OR volunteer_id = $2::bigint) GROUP BY activity_id`,
      [activityIds, onlyVolunteerId],
    );
    return new Map(rows.map((r) => [r.id, r.n]));
  }

  /** Sign-ups by (activity, volunteer) pairs, given as two parallel arrays. */
  signupsOfPairs(activityIds: readonly string[], volunteerIds: readonly string[]): Promise<SignupRow[]> {
    return queryRows(
      this.db,
      `${SIGNUP} JOIN unnest($1::bigint[], $2::bigint[]) AS p(a, v) ON s.activity_id = p.a AND s.volunteer_id = p.v`,
      [activityIds, volunteerIds],
    );
  }

  volunteersOfUsers(userIds: readonly string[]): Promise<VolunteerRow[]> {
    return queryRows(this.db, `${VOLUNTEER} WHERE v.user_id = ANY($1::bigint[])`, [userIds]);
  }

  /** Wrong codes on a sign-up within the last `minutes`. */
  async recentCodeFailures(signupId: string, minutes: number, q: Queryable = this.db): Promise<number> {
    const [row] = await queryRows<{ n: number }>(
      q,
      `SELECT count(*)::int AS n FROM volunteer_code_failure WHERE signup_id = $1 AND at > now() - make_interval(mins => $2)`,
      [signupId, minutes],
    );
    return row.n;
  }

  /** Outside the refused mutation's transaction: the count must survive its rollback. */
  async recordCodeFailure(signupId: string): Promise<void> {
    await queryAffected(this.db, `INSERT INTO volunteer_code_failure (signup_id) VALUES ($1)`, [signupId]);
  }

  /** Wrong-code records older than any lock they could still cause. */
  pruneCodeFailures(): Promise<number> {
    return queryAffected(this.db, `DELETE FROM volunteer_code_failure WHERE at < now() - interval '1 day'`);
  }

  /** Sign-ups still CHECKED_IN two hours after their activity ended, claimed for the automatic check-out. */
  lockOverdueCheckIns(limit: number, q: Queryable): Promise<(SignupRow & { starts_at: Date; ends_at: Date; org_id: string })[]> {
    return queryRows(
      q,
      `SELECT s.id::text AS id, s.activity_id::text AS activity_id, s.volunteer_id::text AS volunteer_id, s.status,
              s.checked_in_at, s.checked_out_at, s.created_at, a.starts_at, a.ends_at, a.org_id::text AS org_id
         FROM volunteer_signup s JOIN volunteer_activity a ON a.id = s.activity_id
        WHERE s.status = 'CHECKED_IN' AND a.ends_at + interval '2 hours' <= now()
        ORDER BY s.id LIMIT $1 FOR UPDATE OF s SKIP LOCKED`,
      [limit],
    );
  }

  // ---- the ledger ---------------------------------------------------------------------------

  async insertEntry(e: NewEntry, q: Queryable): Promise<HoursRow> {
    const [row] = await queryRows<{ id: string }>(
      q,
      `INSERT INTO volunteer_hours_entry (volunteer_id, tenths, source, status, service_date, description, org_id, activity_id,
         service_request_id, corrects_id, recorded_by_user_id, decided_at, note)
       VALUES ($1, $2, $3, $4::volunteer_hours_status, $5::date, $6, $7, $8, $9, $10, $11,
               CASE WHEN $4::volunteer_hours_status = 'PENDING' THEN NULL ELSE now() END, $12)
       RETURNING id::text AS id`,
      [e.volunteerId, e.tenths, e.source, e.status, e.serviceDate, e.description, e.orgId, e.activityId, e.serviceRequestId, e.correctsId, e.recordedBy, e.note],
    );
    return (await this.entriesByIds([row.id], q))[0];
  }

  entriesByIds(ids: readonly string[], q: Queryable = this.db): Promise<HoursRow[]> {
    return queryRows(q, `${HOURS} WHERE e.id = ANY($1::bigint[])`, [ids]);
  }

  async decideEntry(id: string, status: HoursStatus, deciderId: string, note: string | null, q: Queryable): Promise<HoursRow | undefined> {
    const n = await queryAffected(
      q,
      `UPDATE volunteer_hours_entry SET status = $2, decided_by_user_id = $3, decided_at = now(), note = $4 WHERE id = $1 AND status = 'PENDING'`,
      [id, status, deciderId, note],
    );
    return n === 1 ? (await this.entriesByIds([id], q))[0] : undefined;
  }

  /** One volunteer's PENDING and APPROVED tenths for one activity, from all sources. */
  async liveTenthsForActivity(volunteerId: string, activityId: string, q: Queryable): Promise<number> {
    const [row] = await queryRows<{ n: number }>(
      q,
      `SELECT coalesce(sum(tenths), 0)::int AS n FROM volunteer_hours_entry WHERE volunteer_id = $1 AND activity_id = $2 AND status <> 'REJECTED'`,
      [volunteerId, activityId],
    );
    return row.n;
  }

  async correctionsTenths(entryId: string, q: Queryable): Promise<number> {
    const [row] = await queryRows<{ n: number }>(q, `SELECT coalesce(sum(tenths), 0)::int AS n FROM volunteer_hours_entry WHERE corrects_id = $1`, [entryId]);
    return row.n;
  }

  /** One page of the ledger of each of several volunteers, newest first, in one statement. */
  hoursPages(volunteerIds: readonly string[], page: PageRequest<string>): Promise<(HoursRow & { owner_id: string })[]> {
    return queryRows(
      this.db,
      `SELECT o.id::text AS owner_id, x.* FROM unnest($1::bigint[]) AS o(id)
       CROSS JOIN LATERAL (${HOURS} WHERE e.volunteer_id = o.id AND ($2::bigint IS NULL OR e.id < $2::bigint) ORDER BY e.id DESC LIMIT $3) x`,
      [volunteerIds, page.after, page.limit + 1],
    );
  }

  async hoursCounts(volunteerIds: readonly string[]): Promise<Map<string, number>> {
    const rows = await queryRows<{ id: string; n: number }>(
      this.db,
      `SELECT volunteer_id::text AS id, count(*)::int AS n FROM volunteer_hours_entry WHERE volunteer_id = ANY($1::bigint[]) GROUP BY volunteer_id`,
      [volunteerIds],
    );
    return new Map(rows.map((r) => [r.id, r.n]));
  }

  private pendingWhere(vis: VolunteerVisibilitySql, unitPath: string | null): [string, unknown[]] {
    const params: unknown[] = [vis.all, vis.scopePath, vis.userId, unitPath];
    const where = `e.status = 'PENDING' AND e.recorded_by_user_id IS DISTINCT FROM $3::bigint
      AND ($1 OR ($2::ltree IS NOT NULL AND ${unit.path('ou')} <@ $2::ltree)
           OR EXISTS (SELECT 1 FROM volunteer_org_manager m WHERE m.org_id = e.org_id AND m.user_id = $3::bigint))
      AND ($4::ltree IS NULL OR ${unit.path('ou')} <@ $4::ltree)`;
    return [where, params];
  }

  /** PENDING entries the caller may decide (organiser of the entry's organisation, not its recorder), oldest first. */
  pendingPage(vis: VolunteerVisibilitySql, unitPath: string | null, page: PageRequest<string>): Promise<HoursRow[]> {
    const [where, params] = this.pendingWhere(vis, unitPath);
    params.push(page.after, page.limit + 1);
    return queryRows(
      this.db,
      `${HOURS} JOIN volunteer_org o ON o.id = e.org_id JOIN ${unit.table('ou')} ON ${unit.id('ou')} = o.unit_id
        WHERE ${where} AND ($5::bigint IS NULL OR e.id > $5::bigint) ORDER BY e.id LIMIT $6`,
      params,
      PLAN_EACH_TIME,
    );
  }

  async countPending(vis: VolunteerVisibilitySql, unitPath: string | null): Promise<number> {
    const [where, params] = this.pendingWhere(vis, unitPath);
    const [row] = await queryRows<{ n: number }>(
      this.db,
      `SELECT count(*)::int AS n FROM volunteer_hours_entry e JOIN volunteer_org o ON o.id = e.org_id JOIN ${unit.table('ou')} ON ${unit.id('ou')} = o.unit_id WHERE ${where}`,
      params,
      PLAN_EACH_TIME,
    );
    return row.n;
  }

  entriesOfRequests(requestIds: readonly string[]): Promise<HoursRow[]> {
    return queryRows(this.db, `${HOURS} WHERE e.service_request_id = ANY($1::bigint[]) ORDER BY e.id`, [requestIds]);
  }

  async requestCredited(requestId: string, q: Queryable): Promise<boolean> {
    const rows = await queryRows(q, `SELECT 1 FROM volunteer_hours_entry WHERE service_request_id = $1 AND source = 'SERVICE_REQUEST'`, [requestId]);
    return rows.length > 0;
  }

  // ---- stars and certificates ---------------------------------------------------------------

  awardsOf(volunteerIds: readonly string[]): Promise<AwardRow[]> {
    return queryRows(this.db, `${AWARD} WHERE a.volunteer_id = ANY($1::bigint[]) ORDER BY a.id`, [volunteerIds]);
  }

  awardsByIds(ids: readonly string[], q: Queryable = this.db): Promise<AwardRow[]> {
    return queryRows(q, `${AWARD} WHERE a.id = ANY($1::bigint[])`, [ids]);
  }

  async lockAward(id: string, q: Queryable): Promise<AwardRow | undefined> {
    return (await queryRows<AwardRow>(q, `${AWARD} WHERE a.id = $1 FOR UPDATE`, [id]))[0];
  }

  /** Awards not revoked, highest first. */
  liveAwards(volunteerId: string, q: Queryable): Promise<AwardRow[]> {
    return queryRows(q, `${AWARD} WHERE a.volunteer_id = $1 AND a.revoked_at IS NULL ORDER BY a.level DESC`, [volunteerId]);
  }

  async insertAward(a: { volunteerId: string; level: number; awardedBy: string; awardedAt: Date; effectiveAt: Date; note: string | null }, q: Queryable): Promise<AwardRow> {
    const [row] = await queryRows<{ id: string }>(
      q,
      `INSERT INTO volunteer_star_award (volunteer_id, level, awarded_by_user_id, awarded_at, effective_at, note)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id::text AS id`,
      [a.volunteerId, a.level, a.awardedBy, a.awardedAt, a.effectiveAt, a.note],
    );
    return (await this.awardsByIds([row.id], q))[0];
  }

  async revokeAward(id: string, by: string, reason: string, q: Queryable): Promise<AwardRow> {
    await queryAffected(q, `UPDATE volunteer_star_award SET revoked_at = now(), revoked_by_user_id = $2, revoke_reason = $3 WHERE id = $1`, [id, by, reason]);
    return (await this.awardsByIds([id], q))[0];
  }

  certificatesOf(volunteerIds: readonly string[]): Promise<CertificateRow[]> {
    return queryRows(this.db, `${CERTIFICATE} WHERE c.volunteer_id = ANY($1::bigint[]) ORDER BY c.id`, [volunteerIds]);
  }

  async certificateByNumber(number: string, q: Queryable = this.db, lock = false): Promise<CertificateRow | undefined> {
    return (await queryRows<CertificateRow>(q, `${CERTIFICATE} WHERE c.number = $1${lock ? ' FOR UPDATE' : ''}`, [number]))[0];
  }

  async insertCertificate(
    c: { code: string; volunteerId: string; tenths: number; starLevel: number; orgId: string | null; issuedBy: string },
    q: Queryable,
  ): Promise<CertificateRow> {
    const [row] = await queryRows<{ number: string }>(
      q,
      `INSERT INTO volunteer_certificate (verification_code, volunteer_id, tenths, star_level, org_id, issued_by_user_id)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING number`,
      [c.code, c.volunteerId, c.tenths, c.starLevel, c.orgId, c.issuedBy],
    );
    return (await this.certificateByNumber(row.number, q))!;
  }

  async revokeCertificate(number: string, reason: string, q: Queryable): Promise<CertificateRow> {
    await queryAffected(q, `UPDATE volunteer_certificate SET revoked_at = now(), revoke_reason = $2 WHERE number = $1`, [number, reason]);
    return (await this.certificateByNumber(number, q))!;
  }

  // ---- figures ------------------------------------------------------------------------------

  /**
   * volunteerStats of several units in one statement. A period that is one calendar month,
   * quarter or year reads the subtree roll-ups (migration 1796090040000: each unit's figures
   * summed over its subtree, carried along by every change and every move in its own
   * transaction): a row per unit. Any other period, or none, reads the base tables under the
   * units' current paths. bench/README.md, V1 and finding 16, says why.
   */
  stats(unitIds: readonly string[], from: Date | null, to: Date | null): Promise<StatsRow[]> {
    const period = calendarPeriod(from, to);
    return period
      ? queryRows(this.db, STATS_FROM_SUBTREES, [unitIds, period.months, period.start])
      : queryRows(this.db, statsSql(STATS_FROM_LEDGER), [unitIds, from, to], PLAN_EACH_TIME);
  }

  /** A unit moved (org's UnitMoves port): its subtree's figures leave the old parents and join the new. */
  async moveSubtreeFigures(unitId: string, fromParentPath: string, toParentPath: string, q: Queryable): Promise<void> {
    await queryRows(q, `SELECT volunteer_subtree_moved($1::bigint, $2::ltree, $3::ltree)`, [unitId, fromParentPath, toParentPath]);
  }
}

/** The first Asia/Shanghai date whose midnight there is at or after the instant (a timestamptz parameter). */
const CEIL_LOCAL_DATE = (param: string) => `((${param}::timestamptz AT TIME ZONE 'Asia/Shanghai') + interval '1 day' - interval '1 microsecond')::date`;

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
/** Asia/Shanghai has kept UTC+8 without daylight saving since 1991. */
const FIXED_OFFSET_SINCE = Date.UTC(1992, 0, 1);

/**
 * [from, to) as one calendar month, quarter or year of Asia/Shanghai dates, when it is exactly
 * one: from at midnight of the period's first day there, to at midnight after its last.
 */
export function calendarPeriod(from: Date | null, to: Date | null): { months: 1 | 3 | 12; start: string } | null {
  if (!from || !to || from.getTime() < FIXED_OFFSET_SINCE) return null;
  const local = new Date(from.getTime() + SHANGHAI_OFFSET_MS);
  if (local.getUTCDate() !== 1 || local.getTime() % 86_400_000 !== 0) return null;
  const year = local.getUTCFullYear();
  const month = local.getUTCMonth();
  for (const months of [1, 3, 12] as const) {
    if (month % months !== 0) continue;
    if (Date.UTC(year, month + months, 1) - SHANGHAI_OFFSET_MS === to.getTime()) return { months, start: local.toISOString().slice(0, 10) };
  }
  return null;
}

/**
 * Registered and hours of each target (target_id), from the ledger: $2 and $3 are the period's
 * instants (either may be null), taken as a date range on the ledger's (volunteer_id,
 * service_date) index: day d counts when its midnight there is in [$2, $3).
 */
const STATS_FROM_LEDGER = `
  vols AS MATERIALIZED (SELECT un.target_id, v.id AS volunteer_id FROM units un JOIN volunteer v ON v.unit_id = un.unit_id AND v.active),
  reg AS (SELECT vo.target_id, count(*)::int AS registered FROM vols vo GROUP BY vo.target_id),
  hrs AS (
    SELECT vo.target_id, sum(x.tenths) AS tenths, count(*)::int AS active_volunteers
      FROM vols vo CROSS JOIN LATERAL (
        SELECT sum(e.tenths) AS tenths FROM volunteer_hours_entry e
         WHERE e.volunteer_id = vo.volunteer_id AND e.status = 'APPROVED'
           AND ($2::timestamptz IS NULL OR e.service_date >= ${CEIL_LOCAL_DATE('$2')})
           AND ($3::timestamptz IS NULL OR e.service_date < ${CEIL_LOCAL_DATE('$3')})) x
     WHERE x.tenths IS NOT NULL GROUP BY vo.target_id)`;

/**
 * volunteerStats of the units $1 (bigint[]) over a calendar period ($2: 1, 3 or 12 months; $3
 * its first day), from the subtree roll-ups: one row per unit. They count each volunteer at
 * their highest award not revoked; the few whose highest award is still under public notice
 * are taken back to the level in force (an award comes into force without a write).
 */
const STATS_FROM_SUBTREES = `
  WITH targets AS MATERIALIZED (SELECT ${unit.id('t')} AS id, ${unit.path('t')} AS path FROM ${unit.table('t')} WHERE ${unit.id('t')} = ANY($1::bigint[])),
  noticed AS (
    SELECT v.unit_id, n.awarded, n.in_force
      FROM (SELECT DISTINCT a.volunteer_id FROM volunteer_star_award a WHERE a.revoked_at IS NULL AND a.effective_at > now()) p
      JOIN volunteer v ON v.id = p.volunteer_id AND v.active
      CROSS JOIN LATERAL (
        SELECT max(a.level) AS awarded, coalesce(max(a.level) FILTER (WHERE a.effective_at <= now()), 0) AS in_force
          FROM volunteer_star_award a WHERE a.volunteer_id = v.id AND a.revoked_at IS NULL) n),
  noticed_in AS (
    SELECT t.id AS target_id,
           ARRAY[sum((n.in_force = 1)::int - (n.awarded = 1)::int),
                 sum((n.in_force = 2)::int - (n.awarded = 2)::int),
                 sum((n.in_force = 3)::int - (n.awarded = 3)::int),
                 sum((n.in_force = 4)::int - (n.awarded = 4)::int),
                 sum((n.in_force = 5)::int - (n.awarded = 5)::int)]::int[] AS by_level
      FROM noticed n JOIN ${unit.table('u')} ON ${unit.id('u')} = n.unit_id JOIN targets t ON ${unit.path('u')} <@ t.path
     GROUP BY t.id)
  SELECT t.id::text AS unit_id, coalesce(s.registered, 0) AS registered,
         ARRAY[coalesce(s.awarded_1, 0) + coalesce(c.by_level[1], 0), coalesce(s.awarded_2, 0) + coalesce(c.by_level[2], 0), coalesce(s.awarded_3, 0) + coalesce(c.by_level[3], 0), coalesce(s.awarded_4, 0) + coalesce(c.by_level[4], 0), coalesce(s.awarded_5, 0) + coalesce(c.by_level[5], 0)]::int[] AS by_level,
         coalesce(p.tenths, 0)::float8 AS tenths, coalesce(p.active_volunteers, 0) AS active_volunteers,
         coalesce(s.organizations, 0) AS organizations, coalesce(s.activities, 0) AS activities
    FROM targets t
    LEFT JOIN volunteer_subtree_stats s ON s.unit_id = t.id
    LEFT JOIN volunteer_subtree_period_stats p ON p.unit_id = t.id AND p.period_months = $2::smallint AND p.period_start = $3::date
    LEFT JOIN noticed_in c ON c.target_id = t.id`;

/** volunteerStats of the units $1 (bigint[]), with registered and hours from `figures`. */
const statsSql = (figures: string) => `
  WITH targets AS MATERIALIZED (SELECT ${unit.id('t')} AS id, ${unit.path('t')} AS path FROM ${unit.table('t')} WHERE ${unit.id('t')} = ANY($1::bigint[])),
  units AS MATERIALIZED (SELECT t.id AS target_id, ${unit.id('u')} AS unit_id FROM targets t JOIN ${unit.table('u')} ON ${unit.path('u')} <@ t.path),
  ${figures},
  starred AS (
    SELECT un.target_id,
           ARRAY[count(*) FILTER (WHERE st.level = 1), count(*) FILTER (WHERE st.level = 2), count(*) FILTER (WHERE st.level = 3),
                 count(*) FILTER (WHERE st.level = 4), count(*) FILTER (WHERE st.level = 5)]::int[] AS by_level
      FROM (SELECT s.volunteer_id, max(s.level) AS level FROM volunteer_star_award s
             WHERE s.revoked_at IS NULL AND s.effective_at <= now() GROUP BY s.volunteer_id) st
      -- By its key, star volunteer by star volunteer (LIMIT keeps the LATERAL a loop): a join
      -- would be planned as a scan of every volunteer of the city.
      CROSS JOIN LATERAL (SELECT v.unit_id FROM volunteer v WHERE v.id = st.volunteer_id AND v.active LIMIT 1) v
      JOIN units un ON un.unit_id = v.unit_id
     GROUP BY un.target_id),
  orgs AS (SELECT un.target_id, count(*)::int AS n FROM units un JOIN volunteer_org o ON o.unit_id = un.unit_id AND o.active GROUP BY un.target_id),
  acts AS (SELECT un.target_id, count(*)::int AS n FROM units un JOIN volunteer_activity a ON a.unit_id = un.unit_id AND a.status <> 'CANCELLED' GROUP BY un.target_id)
  SELECT t.id::text AS unit_id, coalesce(r.registered, 0) AS registered, coalesce(s.by_level, ARRAY[0, 0, 0, 0, 0]) AS by_level,
         coalesce(h.tenths, 0)::float8 AS tenths, coalesce(h.active_volunteers, 0) AS active_volunteers,
         coalesce(o.n, 0) AS organizations, coalesce(a.n, 0) AS activities
    FROM targets t LEFT JOIN reg r ON r.target_id = t.id LEFT JOIN starred s ON s.target_id = t.id LEFT JOIN hrs h ON h.target_id = t.id
    LEFT JOIN orgs o ON o.target_id = t.id LEFT JOIN acts a ON a.target_id = t.id`;
