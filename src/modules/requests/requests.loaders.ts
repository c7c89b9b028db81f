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

  /**
   * Open requests in each unit's subtree. One statement reads the direct count of every
   * unit in the asked subtrees; the totals are summed up the paths in memory, and every
   * unit below is primed too, so a tree pulled level by level costs one statement, not
   * one per level.
   */
  openInSubtree(loaders: RequestLoaders) {
    const loader = loaders.get<string, number>('requests.openInSubtree', async (ids) => {
      const totals = new Map<string, number>();
      for (const unit of await this.repo.directOpenCountsInSubtrees(ids)) {
        for (const ancestorId of unit.path.split('.')) totals.set(ancestorId, (totals.get(ancestorId) ?? 0) + unit.n);
      }
      for (const [id, total] of totals) if (!ids.includes(id)) loader.prime(id, total);
      return ids.map((id) => totals.get(id) ?? 0);
    });
    return loader;
  }

  openAssignments(loaders: RequestLoaders) {
    return loaders.get<string, number>('requests.openAssignments', async (ids) => {
      const counts = await this.repo.openAssignmentCounts(ids);
      return ids.map((id) => counts.get(id) ?? 0);
    });
  }
}
