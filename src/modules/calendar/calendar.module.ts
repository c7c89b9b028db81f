import { Module } from '@nestjs/common';
import { PolicyModule } from '../../common/auth/policy.module.js';
import { AuditModule } from '../audit/index.js';
import { CalendarAdmin } from './calendar-admin.service.js';
import { CalendarRepository } from './calendar.repository.js';
import { CalendarResolver } from './calendar.resolver.js';
import { WorkingCalendar } from './working-calendar.service.js';

/** The working-day calendar and working time (office hours of workdays). */
@Module({
  imports: [PolicyModule, AuditModule],
  providers: [CalendarRepository, WorkingCalendar, CalendarAdmin, CalendarResolver],
  exports: [WorkingCalendar],
})
export class CalendarModule {}
