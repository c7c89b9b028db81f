import { Module } from '@nestjs/common';
import { PolicyModule } from '../../common/auth/policy.module.js';
import { AuditModule } from '../audit/index.js';
import { NodeModule } from '../node/index.js';
import { OrgFieldMaps } from './org.fields.js';
import { OrgLoaders } from './org.loaders.js';
import { ArchiveChecks, ChildrenReadAlong, UnitMoves } from './org.ports.js';
import { OrgRepository } from './org.repository.js';
import { OrgResolver } from './org.resolver.js';
import { OrgService } from './org.service.js';
import { TreeImportService } from './tree-import.service.js';

@Module({
  imports: [NodeModule, PolicyModule, AuditModule],
  providers: [
    OrgRepository,
    OrgLoaders,
    OrgService,
    OrgResolver,
    TreeImportService,
    OrgFieldMaps,
    ArchiveChecks,
    UnitMoves,
    ChildrenReadAlong,
  ],
  exports: [OrgService, OrgFieldMaps, ArchiveChecks, ChildrenReadAlong, UnitMoves],
})
export class OrgModule {}
