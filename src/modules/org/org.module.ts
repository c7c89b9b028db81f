import { Module } from '@nestjs/common';
import { PolicyModule } from '../../common/auth/policy.module.js';
import { AuditModule } from '../audit/index.js';
import { NodeModule } from '../node/index.js';
import { OrgFieldMaps } from './org.fields.js';
import { OrgLoaders } from './org.loaders.js';
import { ArchiveChecks, ChildrenReadAlong } from './org.ports.js';
import { OrgRepository } from './org.repository.js';
import { OrgResolver } from './org.resolver.js';
import { OrgService } from './org.service.js';

@Module({
  imports: [NodeModule, PolicyModule, AuditModule],
  providers: [
    OrgRepository,
    OrgLoaders,
    OrgService,
    OrgResolver,
    OrgFieldMaps,
    ArchiveChecks,
    ChildrenReadAlong,
  ],
  exports: [OrgService, OrgFieldMaps, ArchiveChecks, ChildrenReadAlong],
})
export class OrgModule {}
