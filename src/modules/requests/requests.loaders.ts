import { Injectable } from '@nestjs/common';
import type { RequestLoaders } from '../../common/loaders/request-loaders.js';
import { byKey, groupByKey } from '../../common/loaders/request-loaders.js';
import type { CategoryRow, EventRow, RequestRow } from './request.model.js';
import { RequestsRepository } from './requests.repository.js';

@Injectable()
export class RequestsLoaders {
  constructor(private readonly repo: RequestsRepository) {}

  byId(loaders: RequestLoaders) {
    return loaders.get<string, RequestRow | undefined>('requests.byId', async (ids) => byKey(ids, await this.repo.byIds(ids), (r) => r.id));
  }

  events(loaders: RequestLoaders) {
    return loaders.get<string, EventRow[]>('requests.events', async (ids) =>
      groupByKey(ids, await this.repo.eventsOf(ids), (r) => r.request_id),
    );
  }

  category(loaders: RequestLoaders) {
    return loaders.get<string, CategoryRow | undefined>('requests.category', async (ids) =>
      byKey(ids, await this.repo.categoriesByIds(ids), (r) => r.id),
    );
  }

  openInSubtree(loaders: RequestLoaders) {
    return loaders.get<string, number>('requests.openInSubtree', async (ids) => {
      const counts = await this.repo.openCountsInSubtrees(ids);
      return ids.map((id) => counts.get(id) ?? 0);
    });
  }

  openAssignments(loaders: RequestLoaders) {
    return loaders.get<string, number>('requests.openAssignments', async (ids) => {
      const counts = await this.repo.openAssignmentCounts(ids);
      return ids.map((id) => counts.get(id) ?? 0);
    });
  }
}
