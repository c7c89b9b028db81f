import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { GqlContext } from '../graphql/context.js';
import { unauthenticated } from '../errors/domain-error.js';
import type { Role } from './role.js';

/**
 * The signed-in caller, as loaded once per request from the database (never from the
 * token alone, so a deactivation or a role change applies at once). Paths are the current
 * materialised paths of the scope unit and of the member's unit: scopes follow the tree.
 */
export interface Actor {
  userId: string;
  role: Role;
  scopeUnitId: string | null;
  scopePath: string | null;
  memberId: string | null;
  memberUnitPath: string | null;
  address: string | null;
}

/** The columns an Actor is made from (the auth guard's per-request read of the account). */
export interface ActorRow {
  id: string;
  role: Role;
  scope_unit_id: string | null;
  scope_path: string | null;
  member_id: string | null;
  member_unit_path: string | null;
}

export const Actor = {
  from(row: ActorRow, address: string | null): Actor {
    return {
      userId: row.id,
      role: row.role,
      scopeUnitId: row.scope_unit_id,
      scopePath: row.scope_path,
      memberId: row.member_id,
      memberUnitPath: row.member_unit_path,
      address,
    };
  },
};

export const PUBLIC_OPERATION = 'auth:public';

/** Marks a query or mutation that anonymous callers may use (login, registerResident). */
export const Public = () => SetMetadata(PUBLIC_OPERATION, true);

/** Injects the signed-in caller; the auth guard has already refused anonymous callers. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const ctx = GqlExecutionContext.create(context).getContext<GqlContext>();
  if (!ctx.actor) throw unauthenticated();
  return ctx.actor;
});

/** The caller's address, for the audit log and throttling. */
export const ClientAddress = createParamDecorator((_data: unknown, context: ExecutionContext): string | null => {
  const ctx = GqlExecutionContext.create(context).getContext<GqlContext>();
  return ctx.req?.ip ?? null;
});
