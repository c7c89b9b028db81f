import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentActor, type Actor } from '../../common/auth/actor.js';
import { CalendarAdmin } from './calendar-admin.service.js';
import { CalendarDay } from './calendar.models.js';
import { RemoveCalendarOverrideArgs, SetCalendarDayInput, WorkingCalendarArgs, WorkingDeadlineArgs } from './dtos/calendar.inputs.js';
import { WorkingCalendar } from './working-calendar.service.js';

/** The working-day calendar: every signed-in user reads it; a CITY_ADMIN overrides days. */
@Resolver(() => CalendarDay)
export class CalendarResolver {
  constructor(
    private readonly calendar: WorkingCalendar,
    private readonly admin: CalendarAdmin,
  ) {}

  @Query(() => [CalendarDay], { description: 'Days from `from` to `to` inclusive (at most 366).' })
  workingCalendar(@Args() args: WorkingCalendarArgs, @CurrentActor() _actor: Actor): Promise<CalendarDay[]> {
    return this.calendar.days(args.from, args.to);
  }

  @Query(() => Date, { description: 'When something started at `from` and given `minutes` of working time falls due.' })
  workingDeadline(@Args() args: WorkingDeadlineArgs, @CurrentActor() _actor: Actor): Promise<Date> {
    return this.calendar.dueAt(args.from, args.minutes, true);
  }

  @Mutation(() => CalendarDay, { description: 'CITY_ADMIN: override one day of the calendar (a late State Council notice, a local day).' })
  async setCalendarDay(@Args('input') input: SetCalendarDayInput, @CurrentActor() actor: Actor): Promise<CalendarDay> {
    return (await this.admin.setDays(actor, [input], { single: true }))[0];
  }

  @Mutation(() => [CalendarDay], { description: "CITY_ADMIN: override many days at once (a whole year's notice), all or none." })
  setCalendarDays(@Args('input', { type: () => [SetCalendarDayInput] }) input: SetCalendarDayInput[], @CurrentActor() actor: Actor): Promise<CalendarDay[]> {
    return this.admin.setDays(actor, input);
  }

  @Mutation(() => CalendarDay, { description: 'CITY_ADMIN: drop the override of one day (YYYY-MM-DD).' })
  removeCalendarOverride(@Args() args: RemoveCalendarOverrideArgs, @CurrentActor() actor: Actor): Promise<CalendarDay> {
    return this.admin.removeOverride(actor, args.date);
  }
}
