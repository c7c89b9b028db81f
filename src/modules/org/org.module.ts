import { Module } from '@nestjs/common';
import { NoRequestsYet, OpenRequestsPort } from './open-requests.port.js';
import { OrgLoaders } from './org.loaders.js';
import { OrgRepository } from './org.repository.js';
import { OrgResolver } from './org.resolver.js';
import { OrgService } from './org.service.js';

@Module({
  providers: [
    OrgRepository,
    OrgLoaders,
    OrgService,
    OrgResolver,
    { provide: OpenRequestsPort, useClass: NoRequestsYet },
  ],
  exports: [OrgService, OrgRepository, OrgLoaders],
})
export class OrgModule {}
