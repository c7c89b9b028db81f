import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Role } from '../../common/auth/role.js';
import { toGlobalId } from '../../common/graphql/global-id.js';
import { Node, type TypedNode } from '../../common/graphql/node.interface.js';
import { ConnectionType } from '../../common/paging/paging.js';

export interface UserRow {
  id: string;
  username: string;
  name: string | null;
  phone: string | null;
  role: Role;
  active: boolean;
  scope_unit_id: string | null;
  member_id: string | null;
  /** The scope unit's path, else the member's unit path: where the account sits in the tree. */
  anchor_path: string | null;
  token_version: number;
}

@ObjectType('User', { implements: () => [Node] })
export class User implements TypedNode {
  readonly __typename = 'User' as const;

  @Field(() => ID) id: string;
  @Field() username: string;
  @Field(() => String, { nullable: true }) name: string | null;
  @Field(() => Role) role: Role;
  @Field() active: boolean;

  dbId: string;
  storedPhone: string | null;
  scopeUnitDbId: string | null;
  memberDbId: string | null;
  anchorPath: string | null;

  static from(row: UserRow): User {
    const user = new User();
    user.dbId = row.id;
    user.id = toGlobalId('User', row.id);
    user.username = row.username;
    user.name = row.name;
    user.storedPhone = row.phone;
    user.role = row.role;
    user.active = row.active;
    user.scopeUnitDbId = row.scope_unit_id;
    user.memberDbId = row.member_id;
    user.anchorPath = row.anchor_path;
    return user;
  }
}

export const UserConnection = ConnectionType(User, 'User');

@ObjectType()
export class AuthPayload {
  @Field() token: string;
  @Field(() => User) user: User;
}
