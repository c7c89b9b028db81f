import { Module } from '@nestjs/common';
import { PolicyModule } from '../../common/auth/policy.module.js';
import { AuditModule } from '../audit/index.js';
import { AuthModule } from '../auth/index.js';
import { CalendarModule } from '../calendar/index.js';
import { NodeModule } from '../node/index.js';
import { FacilitiesModule } from '../facilities/index.js';
import { OrgModule } from '../org/index.js';
import { PeopleModule } from '../people/index.js';
import { CategoriesResolver } from './categories.resolver.js';
import { DuplicateDemo } from './duplicate-demo.js';
import { EscalationWorker } from './escalation.worker.js';
import { LiveRequestsRepository } from './live/live-requests.repository.js';
import { RequestChangeFeed } from './live/request-change.feed.js';
import { RequestChangeListener } from './live/request-change.listener.js';
import { RequestChangesResolver } from './live/request-changes.resolver.js';
import { RequestFactsService } from './request-facts.service.js';
import { RequestDisclosure } from './request-disclosure.js';
import { RequestImporter } from './request-import.js';
import { RequestPorts } from './request-ports.js';
import { RequestQueries } from './request-queries.service.js';
import { RequestsFieldMaps } from './requests.fields.js';
import { ServiceRequestLoaders } from './requests.loaders.js';
import { RequestsRepository } from './requests.repository.js';
import { FacilityRequestsResolver, MemberRequestsResolver, OrgUnitRequestsResolver, RequestEventResolver, RequestsResolver } from './requests.resolver.js';
import { RequestsService } from './requests.service.js';

/** Service requests. The tree and people learn about them through the ports requests plug into (RequestPorts). */
@Module({
  imports: [OrgModule, PeopleModule, AuthModule, NodeModule, PolicyModule, AuditModule, FacilitiesModule, CalendarModule],
  providers: [
    RequestsRepository,
    ServiceRequestLoaders,
    RequestsService,
    RequestQueries,
    RequestFactsService,
    RequestsFieldMaps,
    RequestsResolver,
    OrgUnitRequestsResolver,
    MemberRequestsResolver,
    RequestEventResolver,
    FacilityRequestsResolver,
    CategoriesResolver,
    EscalationWorker,
    LiveRequestsRepository,
    RequestChangeFeed,
    RequestChangeListener,
    RequestChangesResolver,
    RequestPorts,
    RequestImporter,
    RequestDisclosure,
    DuplicateDemo,
  ],
  exports: [RequestsFieldMaps, RequestFactsService, RequestsService, RequestQueries, RequestImporter, RequestDisclosure, DuplicateDemo],
})
export class RequestsModule {}
