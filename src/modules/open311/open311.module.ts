import { Module } from '@nestjs/common';
import { PolicyModule } from '../../common/auth/policy.module.js';
import { AuditModule } from '../audit/index.js';
import { AuthModule } from '../auth/index.js';
import { NodeModule } from '../node/index.js';
import { PeopleModule } from '../people/index.js';
import { RequestsModule } from '../requests/index.js';
import { ApiKeysRepository } from './api-keys.repository.js';
import { ApiKeysResolver } from './api-keys.resolver.js';
import { ApiKeysService } from './api-keys.service.js';
import { Open311Routes } from './open311.routes.js';
import { Open311Service } from './open311.service.js';

/**
 * Open311 GeoReport v2 at /open311/v2/ and the API keys applications submit with. It owns the
 * table api_key; it reaches requests, people, auth and audit through their index.ts, and no
 * module imports it (only the composition root).
 */
@Module({
  imports: [RequestsModule, PeopleModule, AuthModule, AuditModule, NodeModule, PolicyModule],
  providers: [ApiKeysRepository, ApiKeysService, ApiKeysResolver, Open311Service, Open311Routes],
})
export class Open311Module {}
