import { Module } from '@nestjs/common';
import { PolicyModule } from '../../common/auth/policy.module.js';
import { AuditModule } from '../audit/index.js';
import { NodeModule } from '../node/index.js';
import { OrgModule } from '../org/index.js';
import { FacilityLoaders } from './facilities.loaders.js';
import { FacilityPorts } from './facilities.ports.js';
import { FacilitiesRepository } from './facilities.repository.js';
import { FacilitiesResolver, FacilityCoverageResolver, OrgUnitFacilitiesResolver } from './facilities.resolver.js';
import { FacilitiesService } from './facilities.service.js';

/** Courtyard facilities (部件) and their types. Requests depend on this module, never the other way. */
@Module({
  imports: [OrgModule, NodeModule, PolicyModule, AuditModule],
  providers: [FacilitiesRepository, FacilityLoaders, FacilitiesService, FacilitiesResolver, OrgUnitFacilitiesResolver, FacilityCoverageResolver, FacilityPorts],
  exports: [FacilitiesService],
})
export class FacilitiesModule {}
