import { conflict } from '../../common/errors/domain-error.js';
import { RequestEventType, RequestStatus, type RequestRow } from './request.model.js';
import type { NewEvent, RequestChange } from './requests.repository.js';

/** A decided transition: the new state and the events that say what happened. */
export interface Transition {
  change: RequestChange;
  events: Omit<NewEvent, 'requestId' | 'requestVersion'>[];
}

/** The request as it is, as a change that changes nothing. */
export function unchanged(row: RequestRow): RequestChange {
  return {
    status: row.status,
    unitId: row.unit_id,
    courtyardId: row.courtyard_id,
    assigneeMemberId: row.assignee_member_id,
    lastAssigneeMemberId: row.last_assignee_member_id,
    newHolder: false,
    acceptDueHandled: row.accept_due_handled,
    escalationCount: row.escalation_count,
    reworkCount: row.rework_count,
    rating: row.rating,
    duplicateOfId: row.duplicate_of_id,
    resolvedNow: false,
    closedNow: false,
  };
}

/** Refuses a transition the current status does not allow (CONFLICT), naming both. */
export function requireStatus(row: RequestRow, allowed: readonly RequestStatus[], action: string): void {
  if (!allowed.includes(row.status)) {
    throw conflict(`A ${row.status} request cannot be ${action}; allowed from ${allowed.join(', ')}`);
  }
}

export const ESCALATABLE = [RequestStatus.PENDING_DISPATCH, RequestStatus.ASSIGNED, RequestStatus.IN_PROGRESS] as const;

/**
 * Gives the request back up to the parent of its holder, waiting for dispatch there, with
 * the assignee cleared. `null` when the holder is a street committee (nowhere to go).
 */
export function escalation(row: RequestRow, actorUserId: string | null, note: string | null): Transition | null {
  if (!row.unit_parent_id) return null;
  return {
    change: {
      ...unchanged(row),
      status: RequestStatus.PENDING_DISPATCH,
      unitId: row.unit_parent_id,
      assigneeMemberId: null,
      newHolder: true,
      escalationCount: row.escalation_count + 1,
    },
    events: [
      {
        type: RequestEventType.ESCALATED,
        actorUserId,
        fromStatus: row.status,
        toStatus: RequestStatus.PENDING_DISPATCH,
        unitId: row.unit_parent_id,
        assigneeMemberId: null,
        note,
      },
    ],
  };
}

/** A simple status step with its one event (accept, resolve, close). */
export function step(
  row: RequestRow,
  to: RequestStatus,
  type: RequestEventType,
  actorUserId: string | null,
  note: string | null,
  extra: Partial<RequestChange> = {},
): Transition {
  return {
    change: { ...unchanged(row), status: to, ...extra },
    events: [
      {
        type,
        actorUserId,
        fromStatus: row.status,
        toStatus: to,
        unitId: row.unit_id,
        assigneeMemberId: row.assignee_member_id,
        note,
        rating: type === RequestEventType.CLOSED ? (extra.rating ?? null) : null,
      },
    ],
  };
}
