import { Global, Module } from '@nestjs/common';
import { OpenRequestsPort } from '../org/open-requests.port.js';
import { OrgModule } from '../org/org.module.js';
import { MemberAssignmentsPort } from '../people/member-assignments.port.js';
import { PeopleModule } from '../people/people.module.js';
import { CategoriesResolver } from './categories.resolver.js';
import { EscalationWorker } from './escalation.worker.js';
import { LiveRequestsRepository } from './live/live-requests.repository.js';
import { RequestChangeFeed } from './live/request-change.feed.js';
import { RequestChangeListener } from './live/request-change.listener.js';
import { RequestChangesResolver } from './live/request-changes.resolver.js';
import { RequestCounts, RequestAssignments } from './request-ports.js';
import { RequestQueries } from './request-queries.service.js';
import { RequestsLoaders } from './requests.loaders.js';
import { RequestsRepository } from './requests.repository.js';
import { RequestEventResolver, RequestsResolver } from './requests.resolver.js';
import { RequestsService } from './requests.service.js';

/** Global because the tree and people modules count and hand back requests through their ports. */
@Global()
@Module({
  imports: [OrgModule, PeopleModule],
  providers: [
    RequestsRepository,
    RequestsLoaders,
    RequestsService,
    RequestQueries,
    RequestsResolver,
    RequestEventResolver,
    CategoriesResolver,
    EscalationWorker,
    LiveRequestsRepository,
    RequestChangeFeed,
    RequestChangeListener,
    RequestChangesResolver,
    RequestCounts,
    RequestAssignments,
    { provide: OpenRequestsPort, useExisting: RequestCounts },
    { provide: MemberAssignmentsPort, useExisting: RequestAssignments },
  ],
  exports: [OpenRequestsPort, MemberAssignmentsPort, RequestsService, RequestQueries, EscalationWorker],
})
export class RequestsModule {}
