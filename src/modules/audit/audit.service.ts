import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../../common/auth/actor.js';
import { isIdKey, pageRequest, toConnection, type Connection, type PageArgs } from '../../common/paging/paging.js';
import type { Queryable } from '../../database/queries.js';
import { PLAN_EACH_TIME, queryRows } from '../../database/queries.js';
import { AuditEntry, type AuditRow } from './audit-entry.model.js';

export type AuditAction =
  | 'LOGIN_SUCCEEDED'
  | 'LOGIN_FAILED'
  | 'LOGIN_THROTTLED'
  | 'PASSWORD_CHANGED'
  | 'RESIDENT_REGISTERED'
  | 'USER_CREATED'
  | 'USER_UPDATED'
  /** Written by the migration that made accounts unique per member. */
  | 'USER_DEACTIVATED_DUPLICATE'
  | 'BOOTSTRAP_ADMIN_CREATED'
  | 'ORG_UNIT_CREATED'
  | 'ORG_UNIT_UPDATED'
  | 'ORG_UNIT_MOVED'
  | 'ORG_UNIT_ARCHIVED'
  | 'ORG_UNIT_RESTORED'
  | 'ORG_UNITS_IMPORTED'
  | 'MEMBER_CREATED'
  | 'MEMBER_UPDATED'
  | 'SECRETARY_SET'
  | 'CATEGORY_UPSERTED'
  | 'CALENDAR_DAYS_SET'
  | 'CALENDAR_OVERRIDE_REMOVED'
  | 'VOLUNTEER_ORG_MANAGER_ADDED'
  | 'VOLUNTEER_ORG_MANAGER_REMOVED'
  | 'VOLUNTEER_HOURS_DECIDED'
  | 'VOLUNTEER_HOURS_CORRECTED'
  | 'VOLUNTEER_STAR_AWARDED'
  | 'VOLUNTEER_STAR_REVOKED'
  | 'VOLUNTEER_CERTIFICATE_ISSUED'
  | 'VOLUNTEER_CERTIFICATE_REVOKED'
  | 'REQUESTS_IMPORTED'
  | 'ASSESSMENT_SCHEME_SET'
  | 'ASSESSMENT_PUBLISHED'
  | 'INSPECTION_RECORDED'
  | 'NOTICE_ISSUED'
  | 'NOTICE_RESPONDED'
  | 'NOTICE_CLOSED'
  | 'NEGATIVE_ITEM_UPSERTED'
  | 'NEGATIVE_ENTRY_RECORDED'
  | 'NEGATIVE_ENTRY_REVOKED'
  | 'API_KEY_CREATED'
  | 'API_KEY_REVOKED'
  | 'FACILITY_TYPE_UPSERTED'
  | 'FACILITY_CREATED'
  | 'FACILITY_UPDATED'
  | 'FACILITIES_IMPORTED';

export interface AuditRecord {
  action: AuditAction;
  actor?: Pick<Actor, 'userId' | 'role' | 'address'> | null;
  address?: string | null;
  targetType?: string;
  targetId?: string | null;
  /** The unit the change concerns, so street admins can read their street's entries. */
  unitPath?: string | null;
  /** What changed; never a password, a hash or a token. */
  summary?: Record<string, unknown>;
}


/**
 * jsonb refuses `\u0000` and unpaired surrogates (`\ud800`), which JSON.stringify writes for
 * such text: a summary that quotes hostile input (a username at a failed sign-in, a name) gets
 * U+FFFD in their place instead of failing the whole operation.
 */
const jsonbSafe = (_key: string, value: unknown): unknown =>
  typeof value === 'string'
    ? value.replace(/\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    : value;

/** The append-only log of security-relevant actions. Written in the transaction of the change. */
@Injectable()
export class AuditService {
  constructor(private readonly db: DataSource) {}

  async record(entry: AuditRecord, q: Queryable = this.db): Promise<void> {
    await q.query(
      `INSERT INTO audit_log (actor_user_id, actor_role, address, action, target_type, target_id, unit_path, summary)
       VALUES ($1, $2, $3, $4, $5, $6, $7::ltree, $8::jsonb)`,
      [
        entry.actor?.userId ?? null,
        entry.actor?.role ?? null,
        entry.address ?? entry.actor?.address ?? null,
        entry.action,
        entry.targetType ?? null,
        entry.targetId ?? null,
        entry.unitPath ?? null,
        JSON.stringify(entry.summary ?? {}, jsonbSafe),
      ],
    );
  }

  /** Newest first; `scopePath` null means every entry, otherwise entries about units in that subtree. */
  async page(scopePath: string | null, action: string | null, args: PageArgs): Promise<Connection<AuditEntry>> {
    const page = pageRequest(args, isIdKey);
    const rows = await queryRows<AuditRow>(
      this.db,
      `SELECT id::text AS id, at, actor_user_id::text AS actor_user_id, actor_role, address, action, target_type,
              target_id, unit_path::text AS unit_path, summary
         FROM audit_log
        WHERE ($1::ltree IS NULL OR unit_path <@ $1::ltree)
          AND ($2::text IS NULL OR action = $2)
          AND ($3::bigint IS NULL OR id < $3::bigint)
        ORDER BY audit_log.id DESC LIMIT $4`,
      [scopePath, action, page.after, page.limit + 1],
      PLAN_EACH_TIME,
    );
    const count = async () =>
      (
        await queryRows<{ n: number }>(
          this.db,
          `SELECT count(*)::int AS n FROM audit_log WHERE ($1::ltree IS NULL OR unit_path <@ $1::ltree) AND ($2::text IS NULL OR action = $2)`,
          [scopePath, action],
          PLAN_EACH_TIME,
        )
      )[0].n;
    return toConnection(rows, page, count, (r) => r.id, (r) => AuditEntry.from(r));
  }
}
