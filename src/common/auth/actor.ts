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

/**
 * The caller as an earlier request read them, used without a lookup by a request whose every
 * root field confirms it in its own statement (see ConfirmsCallerInItsStatement): that
 * statement also checks that the account is still so (active, this token version, the same
 * role, scope, member and paths) and, if not, the request reads the caller afresh. An error
 * raised before any such statement (bad arguments) reads the caller first too
 * (RethrowToGraphQLFilter), so a caller signed out since gets UNAUTHENTICATED, as ever.
 */
export interface ActorConfirmation {
  row: ActorRow;
  tokenVersion: number;
  /** Reads the caller afresh and makes them the request's actor; UNAUTHENTICATED if they are gone. */
  reread(): Promise<Actor>;
  /** A statement found the account as read: the request's caller needs no more checking. */
  confirmed(): void;
}

const fieldsConfirmingCaller = new Set<string>();

/**
 * Marks a root query field whose resolver checks the caller in its own statement when the
 * context carries an ActorConfirmation, before it answers anything or on any early answer.
 * The auth guard then skips its lookup for an operation made of such fields only.
 */
export const ConfirmsCallerInItsStatement = (): MethodDecorator => (_target, key) => {
  fieldsConfirmingCaller.add(String(key));
};

/** Whether a root field confirms the caller itself (ConfirmsCallerInItsStatement). */
export function confirmsCallerItself(fieldName: string): boolean {
  return fieldsConfirmingCaller.has(fieldName);
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
