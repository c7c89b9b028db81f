import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../config/app-config.js';
import { queryRows } from '../../database/queries.js';
import { AuditService } from '../audit/index.js';
import { PasswordService } from './password.service.js';

/**
 * When there is no user at all, creates the CITY_ADMIN from ADMIN_USERNAME and
 * ADMIN_PASSWORD. Without ADMIN_PASSWORD a random one is made and shown once, on the
 * console, never in the JSON log. Several instances starting at once create one admin.
 */
export async function bootstrapAdmin(
  dataSource: DataSource,
  config: AppConfig,
  showOnce: (line: string) => void,
): Promise<'created' | 'exists'> {
  const password = config.ADMIN_PASSWORD ?? randomBytes(12).toString('base64url');
  const created = await dataSource.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(7318293042)`);
    const [{ n }] = await queryRows<{ n: number }>(tx, `SELECT count(*)::int AS n FROM app_user`);
    if (n > 0) return false;
    // Hashed only when an admin is really created: every later start skips Argon2 here.
    const passwordHash = await new PasswordService().hash(password);
    const [{ id }] = await queryRows<{ id: string }>(
      tx,
      `INSERT INTO app_user (username, password_hash, role) VALUES ($1, $2, 'CITY_ADMIN') RETURNING id::text AS id`,
      [config.ADMIN_USERNAME, passwordHash],
    );
    await new AuditService(dataSource).record(
      {
        action: 'BOOTSTRAP_ADMIN_CREATED',
        targetType: 'User',
        targetId: id,
        summary: { username: config.ADMIN_USERNAME, passwordFrom: config.ADMIN_PASSWORD ? 'ADMIN_PASSWORD' : 'generated' },
      },
      tx,
    );
    return true;
  });
  if (created && !config.ADMIN_PASSWORD) {
    showOnce(`Created the first CITY_ADMIN "${config.ADMIN_USERNAME}" with password: ${password}  (shown once; change it with changePassword)`);
  }
  return created ? 'created' : 'exists';
}
