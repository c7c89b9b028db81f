import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor.js';
import type { RequestFacts as RequestRuleFacts } from '../../common/auth/policy.js';
import type { RequestLoaders } from '../../common/loaders/request-loaders.js';
import type { RequestStatus, ServiceRequest } from './request.model.js';
import { RequestQueries } from './request-queries.service.js';
import { RequestsRepository } from './requests.repository.js';
import { facts } from './requests.service.js';

/** What another module may know of a request it acts upon (hours credited for it). */
export interface RequestSnapshot extends RequestRuleFacts {
  id: string;
  status: RequestStatus;
  lastAssigneeMemberId: string | null;
}

/** The requests module's public face for other modules: reads of one request, never its tables. */
@Injectable()
export class RequestFactsService {
  constructor(
    private readonly repo: RequestsRepository,
    private readonly queries: RequestQueries,
  ) {}

  /** Locks the request for the caller's transaction, so its status cannot change meanwhile. */
  async lock(dbId: string, tx: EntityManager): Promise<RequestSnapshot | undefined> {
    const row = await this.repo.lock(dbId, tx);
    return row && { ...facts(row), id: row.id, status: row.status, lastAssigneeMemberId: row.last_assignee_member_id };
  }

  /** The request as the caller may see it; null when hidden. */
  visible(loaders: RequestLoaders, actor: Actor, dbId: string): Promise<ServiceRequest | null> {
    return this.queries.visible(loaders, actor, dbId);
  }
}
