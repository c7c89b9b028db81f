import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  IsBoolean,
  IsEnum,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
} from 'class-validator';
import { Role } from '../../../common/auth/role.js';
import { PageArgs } from '../../../common/paging/paging.js';
import { PhoneNumber } from '../../../common/validation/phone.js';
import { NoControlChars, Trim } from '../../../common/validation/text.js';
import { IdField, OptionalIdField, applyAll } from '../../../common/validation/fields.js';

const SKILL = /^[A-Za-z0-9_.-]{1,64}$/;

const PersonName = (): PropertyDecorator[] => [Trim(), IsString(), Length(1, 100, { message: 'name must be 1-100 characters' }), NoControlChars('name')];
const Skills = (): PropertyDecorator[] => [
  IsOptional(),
  ArrayMaxSize(50, { message: 'skills may hold at most 50 codes' }),
  Matches(SKILL, { each: true, message: 'each skill must be a category code (letters, digits, _ . -)' }),
];
const Password = (field: string): PropertyDecorator[] => [
  IsString(),
  Length(10, 128, { message: `${field} must be 10-128 characters` }),
];
const Username = (): PropertyDecorator[] => [
  Trim(),
  IsString(),
  Matches(/^[A-Za-z0-9_.@-]{3,64}$/, { message: 'username must be 3-64 letters, digits or _.@-' }),
];

@InputType()
export class CreateMemberInput {
  @Field(() => ID) unitId: string;
  @Field() name: string;
  @Field(() => String, { nullable: true }) @PhoneNumber() phone?: string | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() partyMember?: boolean | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() responder?: boolean | null;
  @Field(() => [String], { nullable: true }) skills?: string[] | null;
}
applyAll(CreateMemberInput.prototype, 'unitId', IdField());
applyAll(CreateMemberInput.prototype, 'name', PersonName());
applyAll(CreateMemberInput.prototype, 'skills', Skills());

@InputType()
export class UpdateMemberInput {
  @Field(() => ID) id: string;
  @Field(() => ID, { nullable: true, description: 'Moves the member to another unit.' }) unitId?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() name?: string | null;
  @Field(() => String, { nullable: true }) @PhoneNumber() phone?: string | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() partyMember?: boolean | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() responder?: boolean | null;
  @Field(() => [String], { nullable: true }) skills?: string[] | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() active?: boolean | null;
}
applyAll(UpdateMemberInput.prototype, 'id', IdField());
applyAll(UpdateMemberInput.prototype, 'unitId', OptionalIdField());
applyAll(UpdateMemberInput.prototype, 'name', PersonName());
applyAll(UpdateMemberInput.prototype, 'skills', Skills());

@InputType()
export class SetSecretaryInput {
  @Field(() => ID) unitId: string;
  @Field(() => ID) memberId: string;
}
applyAll(SetSecretaryInput.prototype, 'unitId', IdField());
applyAll(SetSecretaryInput.prototype, 'memberId', IdField());

@InputType()
export class CreateUserInput {
  @Field() username: string;
  @Field() password: string;
  @Field(() => Role) @IsEnum(Role) role: Role;
  @Field(() => ID, { nullable: true, description: 'Required for STREET_ADMIN and SECRETARY: the unit whose subtree they govern.' })
  scopeUnitId?: string | null;
  @Field(() => ID, { nullable: true, description: 'Required for RESPONDER: the member record they act as.' })
  memberId?: string | null;
}
applyAll(CreateUserInput.prototype, 'username', Username());
applyAll(CreateUserInput.prototype, 'password', Password('password'));
applyAll(CreateUserInput.prototype, 'scopeUnitId', OptionalIdField());
applyAll(CreateUserInput.prototype, 'memberId', OptionalIdField());

@InputType()
export class UpdateUserInput {
  @Field(() => ID) id: string;
  @Field(() => Role, { nullable: true }) @IsOptional() @IsEnum(Role) role?: Role | null;
  @Field(() => ID, { nullable: true }) scopeUnitId?: string | null;
  @Field(() => ID, { nullable: true }) memberId?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'false signs the user out everywhere at once.' })
  @IsOptional()
  @IsBoolean()
  active?: boolean | null;
}
applyAll(UpdateUserInput.prototype, 'id', IdField());
applyAll(UpdateUserInput.prototype, 'scopeUnitId', OptionalIdField());
applyAll(UpdateUserInput.prototype, 'memberId', OptionalIdField());

@InputType()
export class LoginInput {
  // No control characters: NUL cannot go into a PostgreSQL text (the throttle key, the lookup, the audit).
  @Field()
  @IsString()
  @MaxLength(64, { message: 'username must be at most 64 characters' })
  @NoControlChars('username')
  username: string;
  @Field() @IsString() @MaxLength(128, { message: 'password must be at most 128 characters' }) password: string;
}

@InputType()
export class RegisterResidentInput {
  @Field() username: string;
  @Field() password: string;
  @Field() name: string;
  @Field(() => String, { nullable: true }) @PhoneNumber() phone?: string | null;
}
applyAll(RegisterResidentInput.prototype, 'username', Username());
applyAll(RegisterResidentInput.prototype, 'password', Password('password'));
applyAll(RegisterResidentInput.prototype, 'name', PersonName());

@InputType()
export class ChangePasswordInput {
  @Field() @IsString() @MaxLength(128) currentPassword: string;
  @Field() newPassword: string;
}
applyAll(ChangePasswordInput.prototype, 'newPassword', Password('newPassword'));

@ArgsType()
export class UsersArgs extends PageArgs {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100, { message: 'search must be at most 100 characters' })
  @NoControlChars('search')
  search?: string | null;
}

@ArgsType()
export class MemberArgs {
  @Field(() => ID) @IsString() @MaxLength(128) id: string;
}
