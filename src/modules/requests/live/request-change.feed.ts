import { Injectable } from '@nestjs/common';
import type { Actor } from '../../../common/auth/actor.js';
import { isWithin, Policy } from '../../../common/auth/policy.js';
import { toGlobalId } from '../../../common/graphql/global-id.js';
import { AuthGuard } from '../../auth/index.js';
import { OrgService } from '../../org/index.js';
import { RequestEvent, ServiceRequest, ServiceRequestChange, type RequestRow } from '../request.model.js';
import { RequestsRepository } from '../requests.repository.js';
import { facts } from '../requests.service.js';
import { LiveRequestsRepository } from './live-requests.repository.js';
import { LiveChange, type RequestChangeNotice } from './request-change.js';

/**
 * Decides, per subscriber and per change, whether and what to push:
 * - with a unitId, only changes whose holder before or after was in that unit's subtree;
 * - only to a subscriber who may see the request now, or could see it just before the
 *   change (then `request` is null: the change took it out of their scope);
 * - visibility is decided on the request as it is now, with the caller as they are now.
 */
@Injectable()
export class RequestChangeFeed {
  private active = 0;
  private started = 0;

  constructor(
    private readonly requests: RequestsRepository,
    private readonly live: LiveRequestsRepository,
    private readonly policy: Policy,
    private readonly auth: AuthGuard,
    private readonly org: OrgService,
  ) {}

  /** Live subscriptions on this instance (for tests and metrics). */
  get activeSubscriptions(): number {
    return this.active;
  }

  /** Subscriptions ever started on this instance (only grows). */
  get startedSubscriptions(): number {
    return this.started;
  }

  opened(): void {
    this.active++;
    this.started++;
  }

  closed(): void {
    this.active--;
  }

  /** Wraps an announced change; its reads happen on first need, once for all subscribers. */
  change(notice: RequestChangeNotice): LiveChange {
    return new LiveChange(notice, {
      request: async (id) => (await this.requests.byIds([id]))[0],
      event: (id) => this.requests.eventById(id),
      previousAssignee: (eventId) => this.live.assigneeBefore(eventId),
      unitPath: (unitId) => this.org.pathOf(unitId),
      actor: (authorization) => this.auth.resolveActor({ authorization }),
      followers: (id) => this.requests.followersOf(id),
    });
  }

  /** What to push to this subscriber for this change; null for nothing. */
  async deliveryFor(change: LiveChange, actor: Actor, unitId: string | null): Promise<ServiceRequestChange | null> {
    const { from, to } = change.notice;
    if (unitId) {
      const unitPath = await change.unitPath(unitId);
      if (!unitPath) return null;
      if (!isWithin(to, unitPath) && !(from !== null && isWithin(from, unitPath))) return null;
    }
    const [row, event] = await Promise.all([change.request(), change.event()]);
    if (!row || !event || event.request_id !== row.id) return null;
    // Followers get the changes of what they follow (as followers: without the event's note).
    let follows = false;
    let seesNow = this.policy.seesRequest(actor, facts(row));
    if (!seesNow) seesNow = follows = (await change.followers()).has(actor.userId);
    if (!seesNow && !(await this.sawBefore(change, actor, row))) return null;
    const delivery = new ServiceRequestChange();
    delivery.requestId = toGlobalId('ServiceRequest', row.id);
    delivery.event = RequestEvent.from(event);
    if (follows) delivery.event.note = null;
    delivery.request = seesNow ? ServiceRequest.from(row) : null;
    return delivery;
  }

  /**
   * Whether the subscriber could see the request just before the change: the policy's own
   * rule, applied to the holder and assignee it had then (a submission had no "before").
   */
  private async sawBefore(change: LiveChange, actor: Actor, row: RequestRow): Promise<boolean> {
    const { from } = change.notice;
    if (from === null) return false;
    return this.policy.seesRequest(actor, {
      unitPath: from,
      reporterUserId: row.reporter_user_id,
      assigneeMemberId: await change.previousAssignee(),
    });
  }
}
