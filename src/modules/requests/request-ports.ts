import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor.js';
import type { RequestLoaders } from '../../common/loaders/request-loaders.js';
import type { OrgUnitRow } from '../org/org-unit.model.js';
import { OpenRequestsPort } from '../org/open-requests.port.js';
import { MemberAssignmentsPort } from '../people/member-assignments.port.js';
import { RequestEventType, RequestStatus } from './request.model.js';
import { ServiceRequestLoaders } from './requests.loaders.js';
import { RequestsRepository } from './requests.repository.js';
import { RequestsService } from './requests.service.js';
import { escalation, unchanged } from './transitions.js';

/** What the tree asks of requests: open counts per subtree, batched. */
@Injectable()
export class RequestCounts extends OpenRequestsPort {
  constructor(
    private readonly loaders: ServiceRequestLoaders,
    private readonly repo: RequestsRepository,
  ) {
    super();
  }

  countInSubtree(loaders: RequestLoaders, unit: { dbId: string; ancestorDbIds: string[] }): number | Promise<number> {
    return this.loaders.openInSubtree(loaders, unit);
  }

  anyInSubtree(unit: OrgUnitRow, tx: EntityManager): Promise<boolean> {
    return this.repo.anyOpenInSubtree(unit.path, tx);
  }
}

/** What people ask of requests: open assignments, and handing them back when a member stops responding. */
@Injectable()
export class RequestAssignments extends MemberAssignmentsPort {
  constructor(
    private readonly loaders: ServiceRequestLoaders,
    private readonly repo: RequestsRepository,
    private readonly requests: RequestsService,
  ) {
    super();
  }

  openCount(loaders: RequestLoaders, memberDbId: string): Promise<number> {
    return this.loaders.openAssignments(loaders).load(memberDbId);
  }

  /** Each ASSIGNED or IN_PROGRESS request of the member climbs to the parent of its holder, at once. */
  async handBack(memberDbId: string, actor: Actor | null, tx: EntityManager): Promise<number> {
    const rows = await this.repo.lockOpenAssignmentsOf(memberDbId, tx);
    const note = 'Escalated: the responder no longer responds';
    for (const row of rows) {
      const transition = escalation(row, actor?.userId ?? null, note) ?? {
        // Held at a street committee already: it stays there, waiting for dispatch.
        change: { ...unchanged(row), status: RequestStatus.PENDING_DISPATCH, assigneeMemberId: null, newHolder: true },
        events: [
          { type: RequestEventType.ESCALATED, actorUserId: actor?.userId ?? null, fromStatus: row.status, toStatus: RequestStatus.PENDING_DISPATCH, unitId: row.unit_id, assigneeMemberId: null, note },
        ],
      };
      await this.requests.apply(row, transition, tx);
    }
    return rows.length;
  }
}
