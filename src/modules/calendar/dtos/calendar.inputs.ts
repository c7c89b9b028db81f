import { ArgsType, Field, InputType, Int } from '@nestjs/graphql';
import { IsBoolean, IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateIf } from 'class-validator';
import { applyAll, Instant } from '../../../common/validation/fields.js';
import { NoControlChars, Trim } from '../../../common/validation/text.js';

/** YYYY-MM-DD; whether it is a real day is checked by the calendar. */
const DATE_TEXT = /^\d{4}-\d{2}-\d{2}$/;
const DateText = (field: string): PropertyDecorator[] => [IsString(), Matches(DATE_TEXT, { message: `${field} must be a day written YYYY-MM-DD` })];

export const MAX_DEADLINE_MINUTES = 100_000;
export const NOTE_MAX = 200;

@InputType()
export class SetCalendarDayInput {
  @Field() date: string;
  @Field() @IsBoolean() workday: boolean;
  @Field(() => String, { nullable: true }) note?: string | null;
}
applyAll(SetCalendarDayInput.prototype, 'date', DateText('date'));
applyAll(SetCalendarDayInput.prototype, 'note', [
  Trim(),
  IsOptional(),
  ValidateIf((_o: unknown, v: unknown) => v !== null && v !== undefined),
  IsString(),
  Length(0, NOTE_MAX, { message: `note must be at most ${NOTE_MAX} characters` }),
  NoControlChars('note'),
]);

@ArgsType()
export class WorkingCalendarArgs {
  @Field() from: string;
  @Field() to: string;
}
applyAll(WorkingCalendarArgs.prototype, 'from', DateText('from'));
applyAll(WorkingCalendarArgs.prototype, 'to', DateText('to'));

@ArgsType()
export class WorkingDeadlineArgs {
  @Field()
  @Instant(false, 'from')
  from: Date;

  @Field(() => Int)
  @IsInt()
  @Min(0, { message: `minutes must be 0-${MAX_DEADLINE_MINUTES}` })
  @Max(MAX_DEADLINE_MINUTES, { message: `minutes must be 0-${MAX_DEADLINE_MINUTES}` })
  minutes: number;
}

@ArgsType()
export class RemoveCalendarOverrideArgs {
  @Field() date: string;
}
applyAll(RemoveCalendarOverrideArgs.prototype, 'date', DateText('date'));
