import type { EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor.js';
import type { RequestLoaders } from '../../common/loaders/request-loaders.js';

/**
 * What people need to know about service requests: a member's open assignments, and
 * handing them back up when the member stops responding (deactivated, no longer a
 * responder, moved away).
 */
export abstract class MemberAssignmentsPort {
  /** Assigned to the member and not yet resolved; batched per request. */
  abstract openCount(loaders: RequestLoaders, memberDbId: string): Promise<number>;
  /** Escalates the member's ASSIGNED and IN_PROGRESS requests, inside the caller's transaction. */
  abstract handBack(memberDbId: string, actor: Actor | null, tx: EntityManager): Promise<number>;
}
