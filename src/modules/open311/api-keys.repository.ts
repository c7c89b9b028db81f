import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRows, type Queryable } from '../../database/queries.js';
import type { ApiKeyRow } from './api-key.model.js';

const KEY_COLUMNS = `id::text AS id, name, prefix, user_id::text AS user_id, created_at, last_used_at, revoked_at`;

/** The Open311 module's only SQL: its API keys. */
@Injectable()
export class ApiKeysRepository {
  constructor(private readonly db: DataSource) {}

  async insert(key: { name: string; prefix: string; secretHash: string; userId: string; createdBy: string }, q: Queryable): Promise<ApiKeyRow> {
    const rows = await queryRows<ApiKeyRow>(
      q,
      `INSERT INTO api_key (name, prefix, secret_hash, user_id, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING ${KEY_COLUMNS}`,
      [key.name, key.prefix, key.secretHash, key.userId, key.createdBy],
    );
    return rows[0];
  }

  list(): Promise<ApiKeyRow[]> {
    return queryRows(this.db, `SELECT ${KEY_COLUMNS} FROM api_key ORDER BY id`);
  }

  byIds(ids: readonly string[]): Promise<ApiKeyRow[]> {
    return queryRows(this.db, `SELECT ${KEY_COLUMNS} FROM api_key WHERE id = ANY($1::bigint[])`, [ids]);
  }

  async lock(id: string, q: Queryable): Promise<ApiKeyRow | undefined> {
    const rows = await queryRows<ApiKeyRow>(q, `SELECT ${KEY_COLUMNS} FROM api_key WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0];
  }

  async revoke(id: string, by: string, q: Queryable): Promise<ApiKeyRow> {
    const rows = await queryRows<ApiKeyRow>(
      q,
      `UPDATE api_key SET revoked_at = now(), revoked_by = $2 WHERE id = $1 RETURNING ${KEY_COLUMNS}`,
      [id, by],
    );
    return rows[0];
  }

  /** The unrevoked key with this hash, marked as used now. */
  async useByHash(secretHash: string): Promise<ApiKeyRow | undefined> {
    const rows = await queryRows<ApiKeyRow>(
      this.db,
      `UPDATE api_key SET last_used_at = now() WHERE secret_hash = $1 AND revoked_at IS NULL RETURNING ${KEY_COLUMNS}`,
      [secretHash],
    );
    return rows[0];
  }
}
