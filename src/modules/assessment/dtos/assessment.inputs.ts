import { ArgsType, Field, Float, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { GeoPointInput } from '../../../common/graphql/geo.js';
import { PageArgs } from '../../../common/paging/paging.js';
import { Instant, IdField, OptionalIdField, applyAll } from '../../../common/validation/fields.js';
import { NoControlChars, Trim } from '../../../common/validation/text.js';
import { FindingSeverity, NoticeStatus } from '../assessment.model.js';
import { OrgLevel } from '../deps.js';

const CODE = /^[A-Za-z0-9_.-]{1,64}$/;
const text = (field: string, min: number, max: number): PropertyDecorator[] => [
  Trim(),
  IsString(),
  Length(min, max, { message: `${field} must be ${min}-${max} characters` }),
  NoControlChars(field),
];
const weight = (field: string): PropertyDecorator[] => [
  IsNumber({ allowNaN: false, allowInfinity: false }),
  Min(0, { message: `${field} must be 0-1` }),
  Max(1, { message: `${field} must be 0-1` }),
];
const points = (field: string): PropertyDecorator[] => [
  IsNumber({ allowNaN: false, allowInfinity: false }),
  Min(0, { message: `${field} must be 0-100` }),
  Max(100, { message: `${field} must be 0-100` }),
];

@ArgsType()
export class IndicatorsArgs {
  @Field() @Instant(false, 'from') from: Date;
  @Field() @Instant(false, 'to') to: Date;
}

@ArgsType()
export class RankingArgs {
  @Field(() => ID, { nullable: true }) unitId?: string | null;
  @Field() @Instant(false, 'from') from: Date;
  @Field() @Instant(false, 'to') to: Date;
  @Field(() => OrgLevel, { nullable: true }) @IsOptional() @IsEnum(OrgLevel) level?: OrgLevel | null;
}
applyAll(RankingArgs.prototype, 'unitId', OptionalIdField());

@ArgsType()
export class ResultArgs {
  @Field() @IsString() @MaxLength(16) period: string;
  @Field(() => ID, { nullable: true }) unitId?: string | null;
}
applyAll(ResultArgs.prototype, 'unitId', OptionalIdField());

@ArgsType()
export class InspectionsArgs extends PageArgs {
  @Field(() => ID, { nullable: true }) unitId?: string | null;
  @Field(() => Date, { nullable: true }) @Instant(true, 'from') from?: Date | null;
  @Field(() => Date, { nullable: true }) @Instant(true, 'to') to?: Date | null;
}
applyAll(InspectionsArgs.prototype, 'unitId', OptionalIdField());

@ArgsType()
export class ProblemNoticesArgs extends PageArgs {
  @Field(() => ID, { nullable: true }) unitId?: string | null;
  @Field(() => [NoticeStatus], { nullable: true }) @IsOptional() @IsArray() @IsEnum(NoticeStatus, { each: true }) status?: NoticeStatus[] | null;
}
applyAll(ProblemNoticesArgs.prototype, 'unitId', OptionalIdField());

@ArgsType()
export class NegativeListEntriesArgs extends PageArgs {
  @Field(() => ID, { nullable: true }) unitId?: string | null;
  @Field(() => Date, { nullable: true }) @Instant(true, 'from') from?: Date | null;
  @Field(() => Date, { nullable: true }) @Instant(true, 'to') to?: Date | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() includeRevoked?: boolean | null;
}
applyAll(NegativeListEntriesArgs.prototype, 'unitId', OptionalIdField());

@InputType()
export class SetAssessmentSchemeInput {
  @Field(() => Float) onTimeWeight: number;
  @Field(() => Float) closureWeight: number;
  @Field(() => Float) reworkWeight: number;
  @Field(() => Float) satisfactionWeight: number;
  @Field(() => Float) findingDeduction: number;
  @Field(() => Float) overdueFindingDeduction: number;
}
for (const f of ['onTimeWeight', 'closureWeight', 'reworkWeight', 'satisfactionWeight']) applyAll(SetAssessmentSchemeInput.prototype, f, weight(f));
for (const f of ['findingDeduction', 'overdueFindingDeduction']) applyAll(SetAssessmentSchemeInput.prototype, f, points(f));

@InputType()
export class PublishAssessmentInput {
  @Field({ description: '2026Q3, or 2026 for the year (needs its four quarters published first).' }) @IsString() @MaxLength(16) period: string;
  @Field(() => ID, { nullable: true, description: 'The unit whose children are ranked; omitted: the street committees, city-wide.' })
  unitId?: string | null;
}
applyAll(PublishAssessmentInput.prototype, 'unitId', OptionalIdField());

@InputType()
export class InspectionFindingInput {
  @Field() description: string;
  @Field() @IsString() @Matches(CODE, { message: 'categoryCode must be a category code' }) categoryCode: string;
  @Field(() => FindingSeverity) @IsEnum(FindingSeverity) severity: FindingSeverity;
  @Field(() => GeoPointInput, { nullable: true }) @IsOptional() @ValidateNested() @Type(() => GeoPointInput) location?: GeoPointInput | null;
  @Field(() => ID, { nullable: true, description: 'The courtyard group where it was found, when known; else routed by location, else held at the inspected unit.' })
  courtyardId?: string | null;
}
applyAll(InspectionFindingInput.prototype, 'description', text('description', 1, 4000));
applyAll(InspectionFindingInput.prototype, 'courtyardId', OptionalIdField());

@InputType()
export class RecordInspectionInput {
  @Field(() => ID) unitId: string;
  @Field() @IsBoolean() covert: boolean;
  @Field() @Instant(false, 'conductedAt') conductedAt: Date;
  @Field(() => String, { nullable: true }) note?: string | null;
  @Field(() => [InspectionFindingInput])
  @IsArray()
  @ArrayMaxSize(100, { message: 'At most 100 findings' })
  @ValidateNested({ each: true })
  @Type(() => InspectionFindingInput)
  findings: InspectionFindingInput[];
}
applyAll(RecordInspectionInput.prototype, 'unitId', IdField());
applyAll(RecordInspectionInput.prototype, 'note', [IsOptional(), ...text('note', 0, 2000)]);

@InputType()
export class IssueProblemNoticeInput {
  @Field() title: string;
  @Field() body: string;
  @Field(() => [ID]) @IsArray() @ArrayMinSize(1, { message: 'Name at least one unit' }) @ArrayMaxSize(100) @IsString({ each: true }) @MaxLength(128, { each: true })
  unitIds: string[];
  @Field(() => [ID], { nullable: true }) @IsOptional() @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) @MaxLength(128, { each: true })
  requestIds?: string[] | null;
  @Field() @Instant(false, 'rectifyBy') rectifyBy: Date;
}
applyAll(IssueProblemNoticeInput.prototype, 'title', text('title', 1, 100));
applyAll(IssueProblemNoticeInput.prototype, 'body', text('body', 1, 4000));

@InputType()
export class RespondToNoticeInput {
  @Field(() => ID) noticeId: string;
  @Field(() => ID) unitId: string;
  @Field() report: string;
}
applyAll(RespondToNoticeInput.prototype, 'noticeId', IdField());
applyAll(RespondToNoticeInput.prototype, 'unitId', IdField());
applyAll(RespondToNoticeInput.prototype, 'report', text('report', 1, 4000));

@InputType()
export class NoticeIdInput {
  @Field(() => ID) noticeId: string;
}
applyAll(NoticeIdInput.prototype, 'noticeId', IdField());

@InputType()
export class UpsertNegativeListItemInput {
  @Field() @IsString() @Matches(CODE, { message: 'code must be 1-64 letters, digits or _ . -' }) code: string;
  @Field() description: string;
  @Field(() => Float) deduction: number;
  @Field() @IsBoolean() veto: boolean;
}
applyAll(UpsertNegativeListItemInput.prototype, 'description', text('description', 1, 4000));
applyAll(UpsertNegativeListItemInput.prototype, 'deduction', points('deduction'));

@InputType()
export class RecordNegativeEntryInput {
  @Field(() => ID) unitId: string;
  @Field() @IsString() @Matches(CODE, { message: 'itemCode must be an item code' }) itemCode: string;
  @Field() @Instant(false, 'occurredAt') occurredAt: Date;
  @Field() note: string;
}
applyAll(RecordNegativeEntryInput.prototype, 'unitId', IdField());
applyAll(RecordNegativeEntryInput.prototype, 'note', text('note', 1, 2000));

@InputType()
export class RevokeNegativeEntryInput {
  @Field(() => ID) entryId: string;
  @Field() reason: string;
}
applyAll(RevokeNegativeEntryInput.prototype, 'entryId', IdField());
applyAll(RevokeNegativeEntryInput.prototype, 'reason', text('reason', 1, 2000));
