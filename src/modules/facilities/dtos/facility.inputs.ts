import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsEnum, IsOptional, IsString, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import { GeoPointInput } from '../../../common/graphql/geo.js';
import { PageArgs } from '../../../common/paging/paging.js';
import { IdField, Instant, OptionalIdField, applyAll } from '../../../common/validation/fields.js';
import { NoControlChars, Trim } from '../../../common/validation/text.js';
import { FacilityStatus } from '../facility.model.js';

const CODE = /^[A-Za-z0-9_.-]{1,64}$/;
const Code = (field: string): PropertyDecorator[] => [IsString(), Matches(CODE, { message: `${field} must be 1-64 letters, digits or _ . -` })];
const Name = (optional = false): PropertyDecorator[] => [
  ...(optional ? [IsOptional()] : []),
  Trim(),
  IsString(),
  Length(1, 100, { message: 'name must be 1-100 characters' }),
  NoControlChars('name'),
];

@InputType()
export class UpsertFacilityTypeInput {
  @Field() code: string;
  @Field() name: string;
  @Field(() => String, { nullable: true }) defaultCategoryCode?: string | null;
}
applyAll(UpsertFacilityTypeInput.prototype, 'code', Code('code'));
applyAll(UpsertFacilityTypeInput.prototype, 'name', Name());
applyAll(UpsertFacilityTypeInput.prototype, 'defaultCategoryCode', [IsOptional(), ...Code('defaultCategoryCode')]);

@InputType()
export class CreateFacilityInput {
  @Field(() => ID) courtyardId: string;
  @Field() typeCode: string;
  @Field() code: string;
  @Field() name: string;
  @Field(() => GeoPointInput, { nullable: true }) @IsOptional() @ValidateNested() @Type(() => GeoPointInput) location?: GeoPointInput | null;
  @Field(() => Date, { nullable: true }) @Instant(true, 'installedAt') installedAt?: Date | null;
}
applyAll(CreateFacilityInput.prototype, 'courtyardId', IdField());
applyAll(CreateFacilityInput.prototype, 'typeCode', Code('typeCode'));
applyAll(CreateFacilityInput.prototype, 'code', Code('code'));
applyAll(CreateFacilityInput.prototype, 'name', Name());

@InputType()
export class UpdateFacilityInput {
  @Field(() => ID) id: string;
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => GeoPointInput, { nullable: true }) @IsOptional() @ValidateNested() @Type(() => GeoPointInput) location?: GeoPointInput | null;
  @Field(() => FacilityStatus, { nullable: true }) @IsOptional() @IsEnum(FacilityStatus) status?: FacilityStatus | null;
  @Field(() => ID, { nullable: true, description: 'Moves it to another courtyard.' }) courtyardId?: string | null;
}
applyAll(UpdateFacilityInput.prototype, 'id', IdField());
applyAll(UpdateFacilityInput.prototype, 'name', Name(true));
applyAll(UpdateFacilityInput.prototype, 'courtyardId', OptionalIdField());

@ArgsType()
export class FacilityLookupArgs {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsString() @MaxLength(128) id?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(64) @NoControlChars('code') code?: string | null;
}

@ArgsType()
export class UnitFacilitiesArgs extends PageArgs {
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(64) @NoControlChars('typeCode') typeCode?: string | null;
  @Field(() => [FacilityStatus], { nullable: true }) @IsOptional() @IsEnum(FacilityStatus, { each: true }) status?: FacilityStatus[] | null;
}
