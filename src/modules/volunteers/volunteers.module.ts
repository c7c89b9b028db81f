import { Module } from '@nestjs/common';
import { PolicyModule } from '../../common/auth/policy.module.js';
import { RateLimitModule } from '../../common/rate-limit/index.js';
import { AuditModule } from '../audit/index.js';
import { CalendarModule } from '../calendar/index.js';
import { NodeModule } from '../node/index.js';
import { OrgModule } from '../org/index.js';
import { PeopleModule } from '../people/index.js';
import { RequestsModule } from '../requests/index.js';
import { ActivitiesService } from './activities.service.js';
import { AutoCheckoutWorker } from './auto-checkout.worker.js';
import { HoursService } from './hours.service.js';
import { RecognitionService } from './recognition.service.js';
import { VolunteerPorts } from './volunteer-ports.js';
import { VolunteersFieldMaps } from './volunteers.fields.js';
import { VolunteersLoaders } from './volunteers.loaders.js';
import { VolunteersRepository } from './volunteers.repository.js';
import { VOLUNTEER_RESOLVERS } from './volunteers.resolver.js';
import { VolunteersService } from './volunteers.service.js';

/** The volunteer service (党建引领志愿服务): organisations, volunteers, activities, the hours ledger, stars, certificates. */
@Module({
  imports: [OrgModule, PeopleModule, RequestsModule, AuditModule, CalendarModule, NodeModule, PolicyModule, RateLimitModule],
  providers: [
    VolunteersRepository,
    VolunteersLoaders,
    VolunteersService,
    ActivitiesService,
    HoursService,
    RecognitionService,
    AutoCheckoutWorker,
    VolunteerPorts,
    VolunteersFieldMaps,
    ...VOLUNTEER_RESOLVERS,
  ],
  exports: [VolunteersService, AutoCheckoutWorker, VolunteersFieldMaps],
})
export class VolunteersModule {}
