import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/auth/actor.js';
import { Policy } from '../../common/auth/policy.js';
import { Role } from '../../common/auth/role.js';
import { conflict, notFound } from '../../common/errors/domain-error.js';
import { dbIdOf } from '../../common/graphql/global-id.js';
import type { RequestLoaders } from '../../common/loaders/request-loaders.js';
import { Transactions } from '../../database/transactions.js';
import { AuditService } from '../audit/index.js';
import { UsersService } from '../people/index.js';
import { ApiKey, type ApiKeyRow, type CreateApiKeyInput, type CreatedApiKey, type RevokeApiKeyInput } from './api-key.model.js';
import { ApiKeysRepository } from './api-keys.repository.js';

/** 256 random bits, base64url: 43 characters, nothing to guess, so SHA-256 suffices to store it. */
const newSecret = () => randomBytes(32).toString('base64url');
const hashOf = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');

/** Open311 API keys: created and revoked by a CITY_ADMIN, each acting as its own RESIDENT account. */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly repo: ApiKeysRepository,
    private readonly users: UsersService,
    private readonly policy: Policy,
    private readonly audit: AuditService,
    private readonly tx: Transactions,
  ) {}

  async list(actor: Actor): Promise<ApiKey[]> {
    this.policy.assertMayManageApiKeys(actor);
    return (await this.repo.list()).map(ApiKey.from);
  }

  /** A key as the caller may see it: CITY_ADMIN only (node(id) is null for anyone else). */
  async visible(loaders: RequestLoaders, actor: Actor, dbId: string): Promise<ApiKey | null> {
    if (actor.role !== Role.CITY_ADMIN) return null;
    const loader = loaders.get<string, ApiKeyRow | undefined>('open311.apiKeyById', async (ids) => {
      const rows = await this.repo.byIds(ids);
      return ids.map((id) => rows.find((r) => r.id === id));
    });
    const row = await loader.load(dbId);
    return row ? ApiKey.from(row) : null;
  }

  /** The secret is returned here once; only its hash is kept. */
  async create(actor: Actor, input: CreateApiKeyInput): Promise<CreatedApiKey> {
    this.policy.assertMayManageApiKeys(actor);
    const secret = newSecret();
    return this.tx.run(async (tx) => {
      const account = await this.users.createKeyAccount(input.name, tx);
      const row = await this.repo.insert({ name: input.name, prefix: secret.slice(0, 8), secretHash: hashOf(secret), userId: account.dbId, createdBy: actor.userId }, tx);
      await this.audit.record(
        { action: 'API_KEY_CREATED', actor, targetType: 'ApiKey', targetId: row.id, summary: { name: row.name, prefix: row.prefix, userId: account.dbId, username: account.username } },
        tx,
      );
      return { apiKey: ApiKey.from(row), secret };
    });
  }

  async revoke(actor: Actor, input: RevokeApiKeyInput): Promise<ApiKey> {
    this.policy.assertMayManageApiKeys(actor);
    return this.tx.run(async (tx) => {
      const dbId = dbIdOf(input.id, 'ApiKey');
      const row = dbId ? await this.repo.lock(dbId, tx) : undefined;
      if (!row) throw notFound('API key');
      if (row.revoked_at) throw conflict('This API key is already revoked');
      const revoked = await this.repo.revoke(row.id, actor.userId, tx);
      await this.audit.record({ action: 'API_KEY_REVOKED', actor, targetType: 'ApiKey', targetId: row.id, summary: { name: row.name, prefix: row.prefix } }, tx);
      return ApiKey.from(revoked);
    });
  }

  /** The valid, unrevoked key an application presents (marked as used), or undefined. */
  async authenticate(secret: string): Promise<ApiKey | undefined> {
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(secret)) return undefined;
    const row = await this.repo.useByHash(hashOf(secret));
    return row ? ApiKey.from(row) : undefined;
  }
}
