import { Module } from '@nestjs/common';
import { OrgLoaders } from './org.loaders.js';
import { OrgRepository } from './org.repository.js';
import { OrgResolver } from './org.resolver.js';
import { OrgService } from './org.service.js';
import { TreeImportService } from './tree-import.service.js';

@Module({
  providers: [
    OrgRepository,
    OrgLoaders,
    OrgService,
    OrgResolver,
    TreeImportService,
  ],
  exports: [OrgService, OrgRepository, OrgLoaders],
})
export class OrgModule {}
