import { ArgsType, Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { GeoPointInput } from '../../../common/graphql/geo.js';
import { PageArgs } from '../../../common/paging/paging.js';
import { normalizePhone, PhoneNumber } from '../../../common/validation/phone.js';
import { NoControlChars, Trim } from '../../../common/validation/text.js';
import { IdField, OptionalIdField, applyAll, InstantField } from '../../../common/validation/fields.js';
import { ActivityStatus, VolunteerOrgKind } from '../volunteer.models.js';

const SKILL = /^[A-Za-z0-9_.-]{1,64}$/;
const Name = (field = 'name'): PropertyDecorator[] => [Trim(), IsString(), Length(1, 100, { message: `${field} must be 1-100 characters` }), NoControlChars(field)];
const OptionalName = (field = 'name'): PropertyDecorator[] => [IsOptional(), ...Name(field)];
const Text = (field: string, max: number, optional: boolean): PropertyDecorator[] => [
  ...(optional ? [IsOptional()] : []),
  Trim(),
  IsString(),
  Length(1, max, { message: `${field} must be 1-${max} characters` }),
  NoControlChars(field),
];
const Reason = (field: string): PropertyDecorator[] => [
  Trim(),
  IsString(),
  Length(1, 2000, { message: `${field} must be 1-2000 characters` }),
  NoControlChars(field),
];
const Note = (field: string): PropertyDecorator[] => [
  IsOptional(),
  IsString(),
  MaxLength(2000, { message: `${field} must be at most 2000 characters` }),
  NoControlChars(field),
];
const Skills = (): PropertyDecorator[] => [
  IsOptional(),
  IsArray(),
  ArrayMaxSize(50, { message: 'skills may hold at most 50 codes' }),
  Matches(SKILL, { each: true, message: 'each skill must be a code (letters, digits, _ . -)' }),
];
const Hours = (): PropertyDecorator[] => [IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'hours must be a number' })];

/** A volunteer's phone: an 11-digit mainland mobile only (normalised like other phones). */
const MobilePhone = (optional: boolean): PropertyDecorator[] => [
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? (normalizePhone(value) ?? `invalid:${value}`) : value)),
  ...(optional ? [ValidateIf((_o: unknown, v: unknown) => v !== null && v !== undefined)] : []),
  IsString(),
  Matches(/^1[3-9]\d{9}$/, { message: 'phone must be an 11-digit mainland mobile number' }),
];

// ---- organisations --------------------------------------------------------------------------

@InputType()
export class CreateVolunteerOrganizationInput {
  @Field() name: string;
  @Field(() => VolunteerOrgKind) @IsEnum(VolunteerOrgKind) kind: VolunteerOrgKind;
  @Field(() => ID) unitId: string;
  @Field(() => String, { nullable: true }) contactName?: string | null;
  @Field(() => String, { nullable: true }) @PhoneNumber() contactPhone?: string | null;
}
applyAll(CreateVolunteerOrganizationInput.prototype, 'name', Name());
applyAll(CreateVolunteerOrganizationInput.prototype, 'unitId', IdField());
applyAll(CreateVolunteerOrganizationInput.prototype, 'contactName', OptionalName('contactName'));

@InputType()
export class UpdateVolunteerOrganizationInput {
  @Field(() => ID) id: string;
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) contactName?: string | null;
  @Field(() => String, { nullable: true }) @PhoneNumber() contactPhone?: string | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() active?: boolean | null;
}
applyAll(UpdateVolunteerOrganizationInput.prototype, 'id', IdField());
applyAll(UpdateVolunteerOrganizationInput.prototype, 'name', OptionalName());
applyAll(UpdateVolunteerOrganizationInput.prototype, 'contactName', OptionalName('contactName'));

@InputType()
export class OrganizationManagerInput {
  @Field(() => ID) organizationId: string;
  @Field(() => ID) userId: string;
}
applyAll(OrganizationManagerInput.prototype, 'organizationId', IdField());
applyAll(OrganizationManagerInput.prototype, 'userId', IdField());

// ---- volunteers -----------------------------------------------------------------------------

@InputType()
export class RegisterVolunteerInput {
  @Field(() => Boolean, { nullable: true, description: 'Staff registering someone else (社区志愿服务中心); omit to register yourself.' })
  @IsOptional()
  @IsBoolean()
  forSomeoneElse?: boolean | null;
  @Field() name: string;
  @Field() phone: string;
  @Field(() => ID) unitId: string;
  @Field(() => [String], { nullable: true }) skills?: string[] | null;
  @Field(() => [ID], { nullable: true }) @IsOptional() @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @MaxLength(128, { each: true })
  organizationIds?: string[] | null;
  @Field(() => ID, { nullable: true, description: 'Link to an existing grid member record (staff only).' }) memberId?: string | null;
}
applyAll(RegisterVolunteerInput.prototype, 'name', Name());
applyAll(RegisterVolunteerInput.prototype, 'phone', MobilePhone(false));
applyAll(RegisterVolunteerInput.prototype, 'unitId', IdField());
applyAll(RegisterVolunteerInput.prototype, 'skills', Skills());
applyAll(RegisterVolunteerInput.prototype, 'memberId', OptionalIdField());

@InputType()
export class UpdateVolunteerInput {
  @Field(() => ID) id: string;
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) phone?: string | null;
  @Field(() => ID, { nullable: true }) unitId?: string | null;
  @Field(() => [String], { nullable: true }) skills?: string[] | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() active?: boolean | null;
}
applyAll(UpdateVolunteerInput.prototype, 'id', IdField());
applyAll(UpdateVolunteerInput.prototype, 'name', OptionalName());
applyAll(UpdateVolunteerInput.prototype, 'phone', MobilePhone(true));
applyAll(UpdateVolunteerInput.prototype, 'unitId', OptionalIdField());
applyAll(UpdateVolunteerInput.prototype, 'skills', Skills());

@InputType()
export class VolunteerMembershipInput {
  @Field(() => ID) volunteerId: string;
  @Field(() => ID) organizationId: string;
}
applyAll(VolunteerMembershipInput.prototype, 'volunteerId', IdField());
applyAll(VolunteerMembershipInput.prototype, 'organizationId', IdField());

@InputType()
export class LinkVolunteerAccountInput {
  @Field(() => ID) volunteerId: string;
  @Field(() => ID) userId: string;
}
applyAll(LinkVolunteerAccountInput.prototype, 'volunteerId', IdField());
applyAll(LinkVolunteerAccountInput.prototype, 'userId', IdField());

// ---- activities -----------------------------------------------------------------------------

@InputType()
export class CreateVolunteerActivityInput {
  @Field(() => ID) organizationId: string;
  @Field(() => ID) unitId: string;
  @Field() title: string;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => GeoPointInput, { nullable: true }) @IsOptional() @ValidateNested() @Type(() => GeoPointInput) location?: GeoPointInput | null;
  @Field(() => String, { nullable: true }) address?: string | null;
  @Field() startsAt: Date;
  @Field() endsAt: Date;
  @Field(() => Int) @IsInt() @Min(1, { message: 'capacity must be 1-100000' }) @Max(100000, { message: 'capacity must be 1-100000' }) capacity: number;
}
applyAll(CreateVolunteerActivityInput.prototype, 'organizationId', IdField());
applyAll(CreateVolunteerActivityInput.prototype, 'unitId', IdField());
applyAll(CreateVolunteerActivityInput.prototype, 'title', Name('title'));
applyAll(CreateVolunteerActivityInput.prototype, 'description', Text('description', 4000, true));
applyAll(CreateVolunteerActivityInput.prototype, 'address', Text('address', 500, true));
applyAll(CreateVolunteerActivityInput.prototype, 'startsAt', InstantField(false, 'startsAt'));
applyAll(CreateVolunteerActivityInput.prototype, 'endsAt', InstantField(false, 'endsAt'));

@InputType()
export class UpdateVolunteerActivityInput {
  @Field(() => ID) id: string;
  @Field(() => String, { nullable: true }) title?: string | null;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => String, { nullable: true }) address?: string | null;
  @Field(() => Date, { nullable: true }) startsAt?: Date | null;
  @Field(() => Date, { nullable: true }) endsAt?: Date | null;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1, { message: 'capacity must be 1-100000' }) @Max(100000, { message: 'capacity must be 1-100000' })
  capacity?: number | null;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(2_147_483_647) expectedVersion?: number | null;
}
applyAll(UpdateVolunteerActivityInput.prototype, 'id', IdField());
applyAll(UpdateVolunteerActivityInput.prototype, 'title', [IsOptional(), ...Name('title')]);
applyAll(UpdateVolunteerActivityInput.prototype, 'description', Text('description', 4000, true));
applyAll(UpdateVolunteerActivityInput.prototype, 'address', Text('address', 500, true));
applyAll(UpdateVolunteerActivityInput.prototype, 'startsAt', InstantField(true, 'startsAt'));
applyAll(UpdateVolunteerActivityInput.prototype, 'endsAt', InstantField(true, 'endsAt'));

@InputType()
export class ActivityIdInput {
  @Field(() => ID) activityId: string;
}
applyAll(ActivityIdInput.prototype, 'activityId', IdField());

@InputType()
export class SignUpInput {
  @Field(() => ID) activityId: string;
  @Field(() => ID, { nullable: true, description: 'An organiser signing up someone on site (代签); omit for yourself.' }) volunteerId?: string | null;
}
applyAll(SignUpInput.prototype, 'activityId', IdField());
applyAll(SignUpInput.prototype, 'volunteerId', OptionalIdField());

@InputType()
export class CheckInInput {
  @Field(() => ID) activityId: string;
  @Field(() => String, { nullable: true, description: 'Required when checking yourself in or out; an organiser naming volunteerId needs none.' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @NoControlChars('code')
  code?: string | null;
  @Field(() => ID, { nullable: true }) volunteerId?: string | null;
}
applyAll(CheckInInput.prototype, 'activityId', IdField());
applyAll(CheckInInput.prototype, 'volunteerId', OptionalIdField());

// ---- hours ----------------------------------------------------------------------------------

@InputType()
export class BackfillHoursInput {
  @Field(() => ID) volunteerId: string;
  @Field(() => ID) organizationId: string;
  @Field(() => ID, { nullable: true }) activityId?: string | null;
  @Field(() => Float) hours: number;
  @Field() @IsString() @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'serviceDate must be a date (YYYY-MM-DD)' }) serviceDate: string;
  @Field() description: string;
}
applyAll(BackfillHoursInput.prototype, 'volunteerId', IdField());
applyAll(BackfillHoursInput.prototype, 'organizationId', IdField());
applyAll(BackfillHoursInput.prototype, 'activityId', OptionalIdField());
applyAll(BackfillHoursInput.prototype, 'hours', Hours());
applyAll(BackfillHoursInput.prototype, 'description', Text('description', 4000, false));

@InputType()
export class DecideHoursInput {
  @Field(() => ID) entryId: string;
  @Field() @IsBoolean() approve: boolean;
  @Field(() => String, { nullable: true }) note?: string | null;
}
applyAll(DecideHoursInput.prototype, 'entryId', IdField());
applyAll(DecideHoursInput.prototype, 'note', Note('note'));

@InputType()
export class CorrectHoursInput {
  @Field(() => ID) entryId: string;
  @Field(() => Float, { description: "The signed change to the corrected entry's hours (e.g. -1.5)." }) hours: number;
  @Field() reason: string;
}
applyAll(CorrectHoursInput.prototype, 'entryId', IdField());
applyAll(CorrectHoursInput.prototype, 'hours', Hours());
applyAll(CorrectHoursInput.prototype, 'reason', Reason('reason'));

@InputType()
export class CreditRequestHoursInput {
  @Field(() => ID) requestId: string;
  @Field(() => ID) volunteerId: string;
  @Field(() => Float) hours: number;
}
applyAll(CreditRequestHoursInput.prototype, 'requestId', IdField());
applyAll(CreditRequestHoursInput.prototype, 'volunteerId', IdField());
applyAll(CreditRequestHoursInput.prototype, 'hours', Hours());

// ---- stars and certificates -----------------------------------------------------------------

@InputType()
export class AwardStarInput {
  @Field(() => ID) volunteerId: string;
  @Field(() => Int) @IsInt() @Min(1, { message: 'level must be 1-5' }) @Max(5, { message: 'level must be 1-5' }) level: number;
  @Field(() => String, { nullable: true }) note?: string | null;
}
applyAll(AwardStarInput.prototype, 'volunteerId', IdField());
applyAll(AwardStarInput.prototype, 'note', Note('note'));

@InputType()
export class RevokeStarAwardInput {
  @Field(() => ID) awardId: string;
  @Field() reason: string;
}
applyAll(RevokeStarAwardInput.prototype, 'awardId', IdField());
applyAll(RevokeStarAwardInput.prototype, 'reason', Reason('reason'));

@InputType()
export class IssueCertificateInput {
  @Field(() => ID) volunteerId: string;
  @Field(() => ID, { nullable: true }) organizationId?: string | null;
}
applyAll(IssueCertificateInput.prototype, 'volunteerId', IdField());
applyAll(IssueCertificateInput.prototype, 'organizationId', OptionalIdField());

@InputType()
export class RevokeCertificateInput {
  @Field() @IsString() @Length(1, 64) @NoControlChars('number') number: string;
  @Field() reason: string;
}
applyAll(RevokeCertificateInput.prototype, 'reason', Reason('reason'));

// ---- query arguments ------------------------------------------------------------------------

@InputType()
export class VolunteerFilter {
  @Field(() => ID, { nullable: true, description: 'Volunteers whose home unit is in this subtree.' }) unitId?: string | null;
  @Field(() => ID, { nullable: true }) organizationId?: string | null;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(0) @Max(5) minStarLevel?: number | null;
  @Field(() => String, { nullable: true, description: 'Name or registration number, substring.' }) @IsOptional() @IsString() @MaxLength(100) @NoControlChars('search')
  search?: string | null;
}
applyAll(VolunteerFilter.prototype, 'unitId', OptionalIdField());
applyAll(VolunteerFilter.prototype, 'organizationId', OptionalIdField());

@ArgsType()
export class VolunteerLookupArgs {
  @Field(() => ID, { nullable: true }) id?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(64) @NoControlChars('number') number?: string | null;
}
applyAll(VolunteerLookupArgs.prototype, 'id', OptionalIdField());

@ArgsType()
export class VolunteersArgs extends PageArgs {
  @Field(() => VolunteerFilter, { nullable: true }) @IsOptional() @ValidateNested() @Type(() => VolunteerFilter) filter?: VolunteerFilter | null;
}

@ArgsType()
export class VolunteerOrganizationsArgs extends PageArgs {
  @Field(() => ID, { nullable: true }) unitId?: string | null;
  @Field(() => VolunteerOrgKind, { nullable: true }) @IsOptional() @IsEnum(VolunteerOrgKind) kind?: VolunteerOrgKind | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(100) @NoControlChars('search') search?: string | null;
}
applyAll(VolunteerOrganizationsArgs.prototype, 'unitId', OptionalIdField());

@ArgsType()
export class VolunteerActivitiesArgs extends PageArgs {
  @Field(() => ID, { nullable: true }) unitId?: string | null;
  @Field(() => ID, { nullable: true }) organizationId?: string | null;
  @Field(() => [ActivityStatus], { nullable: true }) @IsOptional() @IsArray() @IsEnum(ActivityStatus, { each: true }) status?: ActivityStatus[] | null;
  @Field(() => Date, { nullable: true }) startsAfter?: Date | null;
}
applyAll(VolunteerActivitiesArgs.prototype, 'startsAfter', InstantField(true, 'startsAfter'));
applyAll(VolunteerActivitiesArgs.prototype, 'unitId', OptionalIdField());
applyAll(VolunteerActivitiesArgs.prototype, 'organizationId', OptionalIdField());

@ArgsType()
export class PendingHoursArgs extends PageArgs {
  @Field(() => ID, { nullable: true }) unitId?: string | null;
}
applyAll(PendingHoursArgs.prototype, 'unitId', OptionalIdField());

@ArgsType()
export class CertificateCheckArgs {
  @Field() @IsString() @MaxLength(64) @NoControlChars('number') number: string;
  @Field() @IsString() @MaxLength(64) @NoControlChars('verificationCode') verificationCode: string;
}

@ArgsType()
export class StatsPeriodArgs {
  @Field(() => Date, { nullable: true }) from?: Date | null;
  @Field(() => Date, { nullable: true }) to?: Date | null;
}
applyAll(StatsPeriodArgs.prototype, 'from', InstantField(true, 'from'));
applyAll(StatsPeriodArgs.prototype, 'to', InstantField(true, 'to'));
