import { Field, ID, ObjectType } from '@nestjs/graphql';
import { toGlobalId } from '../../common/graphql/global-id.js';
import { Node, type TypedNode } from '../../common/graphql/node.interface.js';
import { ConnectionType } from '../../common/paging/paging.js';

export interface MemberRow {
  id: string;
  unit_id: string;
  unit_path: string;
  name: string;
  phone: string | null;
  party_member: boolean;
  responder: boolean;
  skills: string[];
  active: boolean;
  version: number;
}

@ObjectType('Member', { implements: () => [Node], description: 'A person on the grid: party member, grid worker, responder.' })
export class Member implements TypedNode {
  readonly __typename = 'Member' as const;

  @Field(() => ID) id: string;
  @Field() name: string;
  @Field() partyMember: boolean;
  @Field({ description: 'Whether this member answers service requests in their unit.' }) responder: boolean;
  @Field(() => [String], { description: 'Codes of the service categories this member can handle.' }) skills: string[];
  @Field() active: boolean;

  dbId: string;
  unitDbId: string;
  unitPath: string;
  /** The stored phone; the `phone` field resolver masks it unless the caller may see it. */
  storedPhone: string | null;

  static from(row: MemberRow): Member {
    const member = new Member();
    member.dbId = row.id;
    member.id = toGlobalId('Member', row.id);
    member.unitDbId = row.unit_id;
    member.unitPath = row.unit_path;
    member.name = row.name;
    member.storedPhone = row.phone;
    member.partyMember = row.party_member;
    member.responder = row.responder;
    member.skills = row.skills;
    member.active = row.active;
    return member;
  }

  /**
   * A member known by id and name only, for a selection that asks nothing else of it (a tree
   * pull's `secretary { name }`): every other field is unset, so it must not be answered for
   * any other field (NAME_ONLY_FIELDS).
   */
  static named(dbId: string, name: string): Member {
    const member = new Member();
    member.dbId = dbId;
    member.id = toGlobalId('Member', dbId);
    member.name = name;
    return member;
  }
}

/** What a member from `Member.named` can answer. */
export const NAME_ONLY_FIELDS: ReadonlySet<string> = new Set(['__typename', 'id', 'name']);

export const MemberConnection = ConnectionType(Member, 'Member');
