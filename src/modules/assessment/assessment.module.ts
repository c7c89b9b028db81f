import { Module } from '@nestjs/common';
import { AssessmentDemo } from './assessment-demo.js';
import { AssessmentFieldMaps } from './assessment.fields.js';
import { AssessmentRepository } from './assessment.repository.js';
import {
  AssessmentResolver,
  AssessmentResultResolver,
  InspectionFindingResolver,
  InspectionResolver,
  NegativeListEntryResolver,
  NoticeResponseResolver,
  OrgUnitIndicatorsResolver,
  ProblemNoticeResolver,
  UnitIndicatorsResolver,
} from './assessment.resolver.js';
import { AssessmentService } from './assessment.service.js';
import { PolicyModule } from '../../common/auth/policy.module.js';
import { AuditModule, NodeModule, OrgModule, PeopleModule, RequestsModule } from './deps.js';
import { SupervisionService } from './supervision.service.js';

/**
 * Assessment and supervision (季测评、年总评、暗访督导、问题通报、负面清单): owns the scheme,
 * inspections, notices, the negative list and published results; reads requests and events
 * through SQL of its own and opens requests through the requests module's submit.
 */
@Module({
  imports: [OrgModule, PeopleModule, RequestsModule, NodeModule, PolicyModule, AuditModule],
  providers: [
    AssessmentRepository,
    AssessmentFieldMaps,
    AssessmentDemo,
    AssessmentService,
    SupervisionService,
    AssessmentResolver,
    OrgUnitIndicatorsResolver,
    UnitIndicatorsResolver,
    AssessmentResultResolver,
    InspectionResolver,
    InspectionFindingResolver,
    ProblemNoticeResolver,
    NoticeResponseResolver,
    NegativeListEntryResolver,
  ],
  exports: [AssessmentService, AssessmentDemo, AssessmentFieldMaps],
})
export class AssessmentModule {}
