import { Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor.js';
import { Policy } from '../../common/auth/policy.js';
import { badInput } from '../../common/errors/domain-error.js';
import { AppConfig } from '../../config/app-config.js';
import { Transactions } from '../../database/transactions.js';
import { AuditService } from '../audit/index.js';
import type { CalendarDayValue } from './calendar.models.js';
import { CalendarRepository } from './calendar.repository.js';
import { addDays, isCivilDate } from './civil-date.js';
import type { SetCalendarDayInput } from './dtos/calendar.inputs.js';
import { WorkingCalendar } from './working-calendar.service.js';

/** A whole year's notice fits many times over; more at once is a mistake. */
export const MAX_DAYS_PER_CALL = 1000;

/** Who set days outside GraphQL: the CLI's import, audited with the admin it names. */
export interface CalendarWriter {
  actor: Pick<Actor, 'userId' | 'role' | 'address'> | null;
  via: 'graphql' | 'cli';
}

/** CITY_ADMIN's overrides of the calendar: set days (one or a year's notice, all or none), drop one. */
@Injectable()
export class CalendarAdmin {
  constructor(
    private readonly calendar: WorkingCalendar,
    private readonly repo: CalendarRepository,
    private readonly policy: Policy,
    private readonly audit: AuditService,
    private readonly transactions: Transactions,
  ) {}

  /** For the CLI, which has no Nest application. */
  static forDataSource(db: DataSource, config: AppConfig): CalendarAdmin {
    return new CalendarAdmin(WorkingCalendar.standalone(db, config), new CalendarRepository(), new Policy(), new AuditService(db), new Transactions(db));
  }

  assertMaySet(actor: Actor): void {
    this.policy.assertCityAdmin(actor, 'sets the calendar');
  }

  async setDays(actor: Actor, input: SetCalendarDayInput[], options: { single?: boolean } = {}): Promise<CalendarDayValue[]> {
    this.assertMaySet(actor);
    return this.writeDays(input, { actor, via: 'graphql' }, 'input', options.single);
  }

  /** Checks every row first (BAD_USER_INPUT at `<i>.date` inside `input`), then writes all in one transaction. */
  async writeDays(input: SetCalendarDayInput[], by: CalendarWriter, field = 'input', single = false): Promise<CalendarDayValue[]> {
    if (input.length > MAX_DAYS_PER_CALL) throw badInput(field, `At most ${MAX_DAYS_PER_CALL} days at once`);
    const seen = new Map<string, number>();
    input.forEach((day, i) => {
      // Inside the argument `input` the path starts at the element (`3.date`), as the contract says.
      const within = field === 'input' ? '' : `${field}.`;
      const at = single ? `${within}date` : `${within}${i}.date`;
      if (!isCivilDate(day.date)) throw badInput(at, 'date must be a real day written YYYY-MM-DD');
      if (seen.has(day.date)) throw badInput(at, `${day.date} is given twice (also at ${seen.get(day.date)})`);
      seen.set(day.date, i);
    });
    if (input.length === 0) return [];
    const rows = input.map((d) => ({ day: d.date, workday: d.workday, note: d.note ? d.note : null }));
    return this.transactions.run(async (tx) => {
      await this.repo.upsert(rows, tx);
      const dates = rows.map((r) => r.day).sort();
      await this.audit.record(
        {
          action: 'CALENDAR_DAYS_SET',
          actor: by.actor,
          targetType: 'CalendarDay',
          summary: { via: by.via, days: rows.length, first: dates[0], last: dates[dates.length - 1], workdays: rows.filter((r) => r.workday).length },
        },
        tx,
      );
      return this.daysOf(rows.map((r) => r.day), tx);
    });
  }

  /** Drops a day's override (harmless when there is none); the day as the calendar then has it. */
  async removeOverride(actor: Actor, date: string): Promise<CalendarDayValue> {
    this.assertMaySet(actor);
    if (!isCivilDate(date)) throw badInput('date', 'date must be a real day written YYYY-MM-DD');
    return this.transactions.run(async (tx) => {
      const removed = await this.repo.remove(date, tx);
      if (removed) {
        await this.audit.record({ action: 'CALENDAR_OVERRIDE_REMOVED', actor, targetType: 'CalendarDay', targetId: null, summary: { date } }, tx);
      }
      return this.calendar.day(date, tx);
    });
  }

  /** The given days in the given order, as the calendar has them inside `tx`. */
  private async daysOf(dates: string[], tx: EntityManager): Promise<CalendarDayValue[]> {
    const sorted = [...dates].sort();
    const out = new Map<string, CalendarDayValue>();
    // Read in windows of at most a year (the calendar's own limit).
    for (let i = 0; i < sorted.length; ) {
      const from = sorted[i];
      let j = i;
      while (j + 1 < sorted.length && sorted[j + 1] <= addDays(from, 365)) j++;
      for (const d of await this.calendar.days(from, sorted[j], tx)) out.set(d.date, d);
      i = j + 1;
    }
    return dates.map((d) => out.get(d)!);
  }
}

