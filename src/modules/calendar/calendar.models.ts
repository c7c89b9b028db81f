import { Field, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum CalendarSource {
  OVERRIDE = 'OVERRIDE',
  HOLIDAY_DATA = 'HOLIDAY_DATA',
  WEEKDAY_RULE = 'WEEKDAY_RULE',
}
registerEnumType(CalendarSource, {
  name: 'CalendarSource',
  valuesMap: {
    OVERRIDE: { description: 'Set here by setCalendarDay(s).' },
    HOLIDAY_DATA: { description: 'The holiday data shipped with the server.' },
    WEEKDAY_RULE: { description: 'No data for that year: Monday-Friday are workdays.' },
  },
});

@ObjectType({ description: 'One day of the official calendar (Asia/Shanghai).' })
export class CalendarDay {
  @Field({ description: 'YYYY-MM-DD.' }) date: string;
  @Field() workday: boolean;
  @Field(() => String, { nullable: true, description: 'Holiday name, make-up working day (调休上班) note, or an override\'s note.' })
  note: string | null;
  @Field(() => CalendarSource) source: CalendarSource;
}

/** A day as the calendar decides it; the GraphQL type has the same shape. */
export type CalendarDayValue = Pick<CalendarDay, 'date' | 'workday' | 'note' | 'source'>;
