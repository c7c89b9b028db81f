import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Role } from '../../common/auth/role.js';
import { toGlobalId, type NodeTypeName } from '../../common/graphql/global-id.js';
import { ConnectionType } from '../../common/paging/paging.js';

export interface AuditRow {
  id: string;
  at: Date;
  actor_user_id: string | null;
  actor_role: Role | null;
  address: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  unit_path: string | null;
  summary: Record<string, unknown>;
}

@ObjectType({ description: 'One security-relevant action: who, when, from where, on what, and what changed.' })
export class AuditEntry {
  @Field(() => ID) id: string;
  @Field() at: Date;
  @Field(() => ID, { nullable: true, description: 'The acting user, when signed in.' }) actorId: string | null;
  @Field(() => Role, { nullable: true }) actorRole: Role | null;
  @Field(() => String, { nullable: true, description: 'The network address of the call.' }) address: string | null;
  @Field() action: string;
  @Field(() => String, { nullable: true }) targetType: string | null;
  @Field(() => ID, { nullable: true, description: 'The global id of the target, where it has one.' }) targetId: string | null;
  @Field({ description: 'What changed, as JSON.' }) summary: string;

  static from(row: AuditRow): AuditEntry {
    const entry = new AuditEntry();
    entry.id = row.id;
    entry.at = row.at;
    entry.actorId = row.actor_user_id ? toGlobalId('User', row.actor_user_id) : null;
    entry.actorRole = row.actor_role;
    entry.address = row.address;
    entry.action = row.action;
    entry.targetType = row.target_type;
    entry.targetId = globalTargetId(row.target_type, row.target_id);
    entry.summary = JSON.stringify(row.summary);
    return entry;
  }
}

const NODE_TYPES = new Set<string>([
  'OrgUnit',
  'Member',
  'User',
  'ServiceCategory',
  'ServiceRequest',
  'RequestEvent',
  'Inspection',
  'ProblemNotice',
  'NegativeListEntry',
  'AssessmentResult',
]);

/** The target as the API names it elsewhere (a global id), where it is a node; else as stored. */
function globalTargetId(type: string | null, id: string | null): string | null {
  if (id && type && NODE_TYPES.has(type) && /^[1-9]\d{0,18}$/.test(id)) return toGlobalId(type as NodeTypeName, id);
  return id;
}

export const AuditEntryConnection = ConnectionType(AuditEntry, 'AuditEntry');
