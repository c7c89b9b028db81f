import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { Length, IsString } from 'class-validator';
import { toGlobalId } from '../../common/graphql/global-id.js';
import { Node, type TypedNode } from '../../common/graphql/node.interface.js';
import { IdField, applyAll } from '../../common/validation/fields.js';
import { NoControlChars, Trim } from '../../common/validation/text.js';
import { User } from '../people/index.js';

export interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  user_id: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

@ObjectType('ApiKey', { implements: () => [Node], description: 'A key an application uses to submit through Open311 (api_key).' })
export class ApiKey implements TypedNode {
  readonly __typename = 'ApiKey' as const;
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field({ description: 'The first 8 characters, to tell keys apart; the whole key is shown once, at creation.' }) prefix: string;
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) lastUsedAt: Date | null;
  @Field() revoked: boolean;
  /** Declared by ApiKeysResolver (user: User!): the account the application acts as. */
  user?: User;
  dbId: string;
  userDbId: string;

  static from(row: ApiKeyRow): ApiKey {
    const key = new ApiKey();
    key.dbId = row.id;
    key.id = toGlobalId('ApiKey', row.id);
    key.name = row.name;
    key.prefix = row.prefix;
    key.userDbId = row.user_id;
    key.createdAt = row.created_at;
    key.lastUsedAt = row.last_used_at;
    key.revoked = row.revoked_at !== null;
    return key;
  }
}

@ObjectType()
export class CreatedApiKey {
  @Field(() => ApiKey) apiKey: ApiKey;
  @Field({ description: 'The whole key; never shown again.' }) secret: string;
}

@InputType()
export class CreateApiKeyInput {
  @Field() name: string;
}
applyAll(CreateApiKeyInput.prototype, 'name', [Trim(), IsString(), Length(1, 100, { message: 'name must be 1-100 characters' }), NoControlChars('name')]);

@InputType()
export class RevokeApiKeyInput {
  @Field(() => ID) id: string;
}
applyAll(RevokeApiKeyInput.prototype, 'id', IdField());
