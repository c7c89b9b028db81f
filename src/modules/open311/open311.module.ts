import { Module } from '@nestjs/common';
import { PeopleModule } from '../people/people.module.js';
import { RequestsModule } from '../requests/requests.module.js';
import { ApiKeysRepository } from './api-keys.repository.js';
import { ApiKeysResolver } from './api-keys.resolver.js';
import { ApiKeysService } from './api-keys.service.js';
import { Open311Routes } from './open311.routes.js';
import { Open311Service } from './open311.service.js';

/** Open311 GeoReport v2 at /open311/v2/ and the API keys applications submit with. */
@Module({
  imports: [RequestsModule, PeopleModule],
  providers: [ApiKeysRepository, ApiKeysService, ApiKeysResolver, Open311Service, Open311Routes],
})
export class Open311Module {}
