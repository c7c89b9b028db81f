import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { GeoPointInput } from '../../../common/graphql/geo.js';
import { Instant, IdField, applyAll } from '../../../common/validation/fields.js';
import { NoControlChars, Trim } from '../../../common/validation/text.js';

const Count = (field: string): PropertyDecorator[] => [
  IsOptional(),
  IsInt({ message: `${field} must be a whole number` }),
  Min(0, { message: `${field} must be 0-1000` }),
  Max(1000, { message: `${field} must be 0-1000` }),
];

/** One case of another system's history (the GraphQL import and the CSV import take the same rows). */
@InputType()
export class ImportedServiceRequestInput {
  @Field() externalNumber: string;
  @Field() @IsString() @Matches(/^[A-Za-z0-9_.-]{1,64}$/, { message: 'categoryCode must be a category code' }) categoryCode: string;
  @Field() description: string;
  @Field(() => ID, { description: 'The unit it belonged to (a courtyard group where known).' }) unitId: string;
  @Field(() => GeoPointInput, { nullable: true }) @IsOptional() @ValidateNested() @Type(() => GeoPointInput) location?: GeoPointInput | null;
  @Field(() => String, { nullable: true }) address?: string | null;
  @Field() @Instant(false, 'submittedAt') submittedAt: Date;
  @Field() @Instant(false, 'resolveDueAt') resolveDueAt: Date;
  @Field(() => Date, { nullable: true, description: 'First resolution, if any.' }) @Instant(true, 'resolvedAt') resolvedAt?: Date | null;
  @Field(() => Date, { nullable: true }) @Instant(true, 'closedAt') closedAt?: Date | null;
  @Field(() => Date, { nullable: true }) @Instant(true, 'cancelledAt') cancelledAt?: Date | null;
  @Field(() => Int, { nullable: true }) reworkCount?: number | null;
  @Field(() => Int, { nullable: true }) escalationCount?: number | null;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1, { message: 'rating must be 1-5' }) @Max(5, { message: 'rating must be 1-5' }) rating?: number | null;
}
applyAll(ImportedServiceRequestInput.prototype, 'externalNumber', [
  Trim(),
  IsString(),
  Length(1, 64, { message: 'externalNumber must be 1-64 characters' }),
  NoControlChars('externalNumber'),
]);
applyAll(ImportedServiceRequestInput.prototype, 'description', [
  Trim(),
  IsString(),
  Length(1, 4000, { message: 'description must be 1-4000 characters' }),
  NoControlChars('description'),
]);
applyAll(ImportedServiceRequestInput.prototype, 'unitId', IdField());
applyAll(ImportedServiceRequestInput.prototype, 'address', [
  IsOptional(),
  Trim(),
  IsString(),
  Length(1, 500, { message: 'address must be 1-500 characters' }),
  NoControlChars('address'),
]);
applyAll(ImportedServiceRequestInput.prototype, 'reworkCount', Count('reworkCount'));
applyAll(ImportedServiceRequestInput.prototype, 'escalationCount', Count('escalationCount'));

@ObjectType()
export class ImportServiceRequestsPayload {
  @Field(() => Int) imported: number;
  @Field(() => Int, { description: 'Already imported before (same externalNumber): skipped.' }) skipped: number;
}
