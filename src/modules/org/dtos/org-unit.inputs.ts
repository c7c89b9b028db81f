import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsEnum,
  IsOptional,
  IsString,
  Length,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { GeoPointInput } from '../../../common/graphql/geo.js';
import { PageArgs } from '../../../common/paging/paging.js';
import { NoControlChars, Trim } from '../../../common/validation/text.js';
import { IdField, applyAll } from '../../../common/validation/fields.js';
import { OrgLevel } from '../org-unit.model.js';

const Code = () => [Trim(), IsString(), Length(1, 64, { message: 'code must be 1-64 characters' }), NoControlChars('code')];
const Name = () => [Trim(), IsString(), Length(1, 100, { message: 'name must be 1-100 characters' }), NoControlChars('name')];
const Boundary = () => [
  IsOptional(),
  ArrayMinSize(3, { message: 'boundary needs at least 3 points' }),
  ArrayMaxSize(10_000, { message: 'boundary may have at most 10000 points' }),
  ValidateNested({ each: true }),
  Type(() => GeoPointInput),
];

@InputType()
export class CreateOrgUnitInput {
  @Field(() => ID, { nullable: true, description: 'Required for every level but STREET_COMMITTEE.' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  parentId?: string | null;

  @Field() code: string;
  @Field() name: string;

  @Field(() => OrgLevel, { nullable: true, description: "Optional; when given it must be the level below the parent's." })
  @IsOptional()
  @IsEnum(OrgLevel)
  level?: OrgLevel | null;

  @Field(() => [GeoPointInput], { nullable: true })
  boundary?: GeoPointInput[] | null;
}
applyAll(CreateOrgUnitInput.prototype, 'code', Code());
applyAll(CreateOrgUnitInput.prototype, 'name', Name());
applyAll(CreateOrgUnitInput.prototype, 'boundary', Boundary());

@InputType()
export class UpdateOrgUnitInput {
  @Field(() => ID) id: string;

  @Field({ nullable: true })
  @IsOptional()
  name?: string;

  @Field(() => [GeoPointInput], { nullable: true })
  boundary?: GeoPointInput[] | null;
}
applyAll(UpdateOrgUnitInput.prototype, 'id', IdField());
applyAll(UpdateOrgUnitInput.prototype, 'name', Name());
applyAll(UpdateOrgUnitInput.prototype, 'boundary', Boundary());

@InputType()
export class MoveOrgUnitInput {
  @Field(() => ID) id: string;
  @Field(() => ID) newParentId: string;
}
applyAll(MoveOrgUnitInput.prototype, 'id', IdField());
applyAll(MoveOrgUnitInput.prototype, 'newParentId', IdField());

@InputType()
export class ArchiveOrgUnitInput {
  @Field(() => ID) id: string;
}
applyAll(ArchiveOrgUnitInput.prototype, 'id', IdField());

@InputType()
export class RestoreOrgUnitInput {
  @Field(() => ID) id: string;
}
applyAll(RestoreOrgUnitInput.prototype, 'id', IdField());

@ArgsType()
export class OrgUnitsArgs extends PageArgs {
  @Field(() => OrgLevel, { nullable: true })
  @IsOptional()
  @IsEnum(OrgLevel)
  level?: OrgLevel | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  parentId?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100, { message: 'search must be at most 100 characters' })
  @NoControlChars('search')
  search?: string | null;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  includeArchived?: boolean | null;
}

@ArgsType()
export class OrgUnitLookupArgs {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  id?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @NoControlChars('code')
  code?: string | null;
}

@ArgsType()
export class DescendantsArgs extends PageArgs {
  @Field(() => OrgLevel, { nullable: true })
  @IsOptional()
  @IsEnum(OrgLevel)
  level?: OrgLevel | null;
}
