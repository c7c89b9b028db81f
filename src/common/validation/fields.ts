import { IsDate, IsOptional, IsString, MaxDate, MaxLength, MinDate } from 'class-validator';

/** Applies a list of property decorators to one property (for composed field rules). */
export function applyAll(target: object, key: string, decorators: PropertyDecorator[]): void {
  decorators.forEach((decorate) => decorate(target, key));
}

/** A global id argument: opaque, so only its type and length are checked here. */
export const IdField = (): PropertyDecorator[] => [IsString(), MaxLength(128)];
export const OptionalIdField = (): PropertyDecorator[] => [IsOptional(), IsString(), MaxLength(128)];

/** Instants the database can hold and a street office means: 1970 to 2200. */
const EARLIEST = new Date('1970-01-01T00:00:00Z');
const LATEST = new Date('2200-01-01T00:00:00Z');
/** A DateTime argument or input field (`optional`: may be null or left out). */
export const InstantField = (optional: boolean, field = 'time'): PropertyDecorator[] => [
  ...(optional ? [IsOptional()] : []),
  IsDate({ message: `${field} must be a time` }),
  MinDate(EARLIEST, { message: `${field} must lie between 1970 and 2200` }),
  MaxDate(LATEST, { message: `${field} must lie between 1970 and 2200` }),
];
/** `InstantField` as one property decorator. */
export const Instant =
  (optional: boolean, field = 'time'): PropertyDecorator =>
  (target, key) =>
    InstantField(optional, field).forEach((decorate) => decorate(target, key));
