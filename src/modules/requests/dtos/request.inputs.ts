import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsEnum,
  IsInt,
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
import { NoControlChars, Trim } from '../../../common/validation/text.js';
import { Instant, IdField, OptionalIdField, applyAll } from '../../../common/validation/fields.js';
import { RequestStatus, ServiceRequestOrder } from '../request.model.js';

const CODE = /^[A-Za-z0-9_.-]{1,64}$/;
const Version = (): PropertyDecorator[] => [IsOptional(), IsInt(), Min(1), Max(2_147_483_647)];
const Note = (field: string): PropertyDecorator[] => [
  IsOptional(),
  IsString(),
  MaxLength(2000, { message: `${field} must be at most 2000 characters` }),
  NoControlChars(field),
];

@InputType()
export class UpsertServiceCategoryInput {
  @Field() @Matches(CODE, { message: 'code must be 1-64 letters, digits or _ . -' }) code: string;
  @Field() name: string;
  @Field(() => Int) @IsInt() @Min(1, { message: 'acceptWithinMinutes must be 1-43200' }) @Max(43200, { message: 'acceptWithinMinutes must be 1-43200' })
  acceptWithinMinutes: number;
  @Field(() => Int) @IsInt() @Min(1, { message: 'resolveWithinHours must be 1-8760' }) @Max(8760, { message: 'resolveWithinHours must be 1-8760' })
  resolveWithinHours: number;
  @Field(() => Int, { nullable: true, description: 'Left out: unchanged (new categories: 250). 0: never suggest duplicates.' })
  @IsOptional()
  @IsInt()
  @Min(0, { message: 'duplicateRadiusMeters must be 0-10000' })
  @Max(10000, { message: 'duplicateRadiusMeters must be 0-10000' })
  duplicateRadiusMeters?: number | null;
  /** Unset: an existing category keeps its value, a new one gets false. */
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() workingTime?: boolean | null;
}
applyAll(UpsertServiceCategoryInput.prototype, 'name', [Trim(), IsString(), Length(1, 100, { message: 'name must be 1-100 characters' }), NoControlChars('name')]);

@InputType()
export class SubmitServiceRequestInput {
  @Field() @IsString() @Matches(CODE, { message: 'categoryCode must be a category code' }) categoryCode: string;
  @Field() description: string;
  @Field(() => GeoPointInput, { nullable: true, description: 'Where the problem is; routed to the courtyard whose boundary contains it.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => GeoPointInput)
  location?: GeoPointInput | null;
  @Field(() => ID, { nullable: true, description: 'When the reporter knows the courtyard group.' }) courtyardId?: string | null;
  @Field(() => ID, { nullable: true, description: 'Staff only: the unit (in their scope) that should hold it, for dispatch by hand.' })
  unitId?: string | null;
  @Field(() => String, { nullable: true }) address?: string | null;
  @Field(() => ID, { nullable: true, description: "The facility it is about: routes to the facility's courtyard." }) facilityId?: string | null;
  @Field(() => String, { nullable: true, description: 'Same key again returns the first request instead of creating a second.' })
  @IsOptional()
  @IsString()
  @Matches(/^[\x21-\x7e]{1,200}$/, { message: 'idempotencyKey must be 1-200 printable ASCII characters' })
  idempotencyKey?: string | null;
}
applyAll(SubmitServiceRequestInput.prototype, 'description', [
  Trim(),
  IsString(),
  Length(1, 4000, { message: 'description must be 1-4000 characters' }),
  NoControlChars('description'),
]);
applyAll(SubmitServiceRequestInput.prototype, 'courtyardId', OptionalIdField());
applyAll(SubmitServiceRequestInput.prototype, 'unitId', OptionalIdField());
applyAll(SubmitServiceRequestInput.prototype, 'facilityId', OptionalIdField());
applyAll(SubmitServiceRequestInput.prototype, 'address', [
  IsOptional(),
  Trim(),
  IsString(),
  Length(1, 500, { message: 'address must be 1-500 characters' }),
  NoControlChars('address'),
]);

@InputType()
export class DispatchServiceRequestInput {
  @Field(() => ID) requestId: string;
  @Field(() => ID, { description: 'A unit below the one that holds the request now.' }) toUnitId: string;
  @Field(() => Int, { nullable: true }) expectedVersion?: number | null;
}
applyAll(DispatchServiceRequestInput.prototype, 'requestId', IdField());
applyAll(DispatchServiceRequestInput.prototype, 'toUnitId', IdField());
applyAll(DispatchServiceRequestInput.prototype, 'expectedVersion', Version());

@InputType()
export class AssignServiceRequestInput {
  @Field(() => ID) requestId: string;
  @Field(() => ID, { description: "An active responder in the caller's scope; skills are not required for a manual assignment." })
  responderId: string;
  @Field(() => Int, { nullable: true }) expectedVersion?: number | null;
}
applyAll(AssignServiceRequestInput.prototype, 'requestId', IdField());
applyAll(AssignServiceRequestInput.prototype, 'responderId', IdField());
applyAll(AssignServiceRequestInput.prototype, 'expectedVersion', Version());

@InputType()
export class RequestActionInput {
  @Field(() => ID) requestId: string;
  @Field(() => String, { nullable: true }) note?: string | null;
  @Field(() => Int, { nullable: true }) expectedVersion?: number | null;
}
applyAll(RequestActionInput.prototype, 'requestId', IdField());
applyAll(RequestActionInput.prototype, 'note', Note('note'));
applyAll(RequestActionInput.prototype, 'expectedVersion', Version());

@InputType()
export class CloseServiceRequestInput {
  @Field(() => ID) requestId: string;
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1, { message: 'rating must be 1-5' })
  @Max(5, { message: 'rating must be 1-5' })
  rating?: number | null;
  @Field(() => String, { nullable: true }) note?: string | null;
  @Field(() => Int, { nullable: true }) expectedVersion?: number | null;
}
applyAll(CloseServiceRequestInput.prototype, 'requestId', IdField());
applyAll(CloseServiceRequestInput.prototype, 'note', Note('note'));
applyAll(CloseServiceRequestInput.prototype, 'expectedVersion', Version());

@InputType()
export class CancelServiceRequestInput {
  @Field(() => ID) requestId: string;
  @Field() reason: string;
  @Field(() => ID, { nullable: true }) duplicateOfId?: string | null;
  @Field(() => Int, { nullable: true }) expectedVersion?: number | null;
}
applyAll(CancelServiceRequestInput.prototype, 'requestId', IdField());
applyAll(CancelServiceRequestInput.prototype, 'reason', [
  Trim(),
  IsString(),
  Length(1, 2000, { message: 'reason must be 1-2000 characters' }),
  NoControlChars('reason'),
]);
applyAll(CancelServiceRequestInput.prototype, 'duplicateOfId', OptionalIdField());
applyAll(CancelServiceRequestInput.prototype, 'expectedVersion', Version());

@InputType()
export class ServiceRequestFilter {
  @Field(() => ID, { nullable: true, description: "Requests held anywhere in this unit's subtree." }) unitId?: string | null;
  @Field(() => [RequestStatus], { nullable: true }) @IsOptional() @IsEnum(RequestStatus, { each: true }) status?: RequestStatus[] | null;
  @Field(() => ID, { nullable: true }) assigneeId?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(64) @NoControlChars('categoryCode') categoryCode?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Only those past a due time and not yet resolved.' })
  @IsOptional()
  @IsBoolean()
  overdue?: boolean | null;
  @Field(() => Date, { nullable: true }) @Instant(true, 'createdAfter') createdAfter?: Date | null;
  @Field(() => Date, { nullable: true }) @Instant(true, 'createdBefore') createdBefore?: Date | null;
  @Field(() => ID, { nullable: true }) facilityId?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Requests the caller follows (with their own).' })
  @IsOptional()
  @IsBoolean()
  followedByMe?: boolean | null;
}
applyAll(ServiceRequestFilter.prototype, 'unitId', OptionalIdField());
applyAll(ServiceRequestFilter.prototype, 'facilityId', OptionalIdField());
applyAll(ServiceRequestFilter.prototype, 'assigneeId', OptionalIdField());

@ArgsType()
export class ServiceRequestsArgs extends PageArgs {
  @Field(() => ServiceRequestFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ServiceRequestFilter)
  filter?: ServiceRequestFilter | null;

  @Field(() => ServiceRequestOrder, { nullable: true })
  @IsOptional()
  @IsEnum(ServiceRequestOrder)
  orderBy?: ServiceRequestOrder | null;
}

@ArgsType()
export class ServiceRequestLookupArgs {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsString() @MaxLength(128) id?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(64) @NoControlChars('number') number?: string | null;
}

@ArgsType()
export class ServiceRequestChangedArgs {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsString() @MaxLength(128) unitId?: string | null;
}

@InputType()
export class FollowServiceRequestInput {
  @Field(() => ID) requestId: string;
}
applyAll(FollowServiceRequestInput.prototype, 'requestId', IdField());

@ArgsType()
export class SimilarServiceRequestsArgs {
  @Field() @IsString() @Matches(CODE, { message: 'categoryCode must be a category code' }) categoryCode: string;
  @Field(() => GeoPointInput, { nullable: true }) @IsOptional() @ValidateNested() @Type(() => GeoPointInput) location?: GeoPointInput | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsString() @MaxLength(128) facilityId?: string | null;
}
