import { IsOptional, IsString, MaxLength } from 'class-validator';

/** Applies a list of property decorators to one property (for composed field rules). */
export function applyAll(target: object, key: string, decorators: PropertyDecorator[]): void {
  decorators.forEach((decorate) => decorate(target, key));
}

/** A global id argument: opaque, so only its type and length are checked here. */
export const IdField = (): PropertyDecorator[] => [IsString(), MaxLength(128)];
export const OptionalIdField = (): PropertyDecorator[] => [IsOptional(), IsString(), MaxLength(128)];
