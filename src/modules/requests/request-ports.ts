import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor.js';
import { ArchiveChecks } from '../org/index.js';
import { StopsResponding } from '../people/index.js';
import { RequestEventType, RequestStatus } from './request.model.js';
import { RequestsRepository } from './requests.repository.js';
import { RequestsService } from './requests.service.js';
import { escalation, unchanged } from './transitions.js';

/**
 * What requests plug into the ports of the tree and of people, at start: a unit holding open
 * requests in its subtree is not archived, and a member who stops responding hands their
 * open assignments back up, each inside the transaction of that change.
 */
@Injectable()
export class RequestPorts implements OnModuleInit {
  constructor(
    private readonly repo: RequestsRepository,
    private readonly requests: RequestsService,
    private readonly archiveChecks: ArchiveChecks,
    private readonly stopsResponding: StopsResponding,
  ) {}

  onModuleInit(): void {
    this.archiveChecks.add(async (unit, tx) =>
      (await this.repo.anyOpenInSubtree(unit.path, tx)) ? 'The unit still holds open service requests in its subtree' : null,
    );
    this.stopsResponding.add((memberDbId, actor, tx) => this.handBack(memberDbId, actor, tx));
  }

  /** Each ASSIGNED or IN_PROGRESS request of the member climbs to the parent of its holder, at once. */
  async handBack(memberDbId: string, actor: Actor | null, tx: EntityManager): Promise<void> {
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
  }
}
