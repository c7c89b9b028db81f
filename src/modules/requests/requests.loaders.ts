import { Injectable } from '@nestjs/common';
import type { RequestLoaders } from '../../common/loaders/request-loaders.js';
import { byKey, groupByKey } from '../../common/loaders/request-loaders.js';
import type { IntakeRow } from './request-intake.model.js';
import type { CategoryRow, EventRow, RequestRow } from './request.model.js';
import { RequestsRepository } from './requests.repository.js';

@Injectable()
export class ServiceRequestLoaders {
  constructor(private readonly repo: RequestsRepository) {}

  byId(loaders: RequestLoaders) {
    return loaders.get<string, RequestRow | undefined>('requests.byId', async (ids) => byKey(ids, await this.repo.byIds(ids), (r) => r.id));
  }

  events(loaders: RequestLoaders) {
    return loaders.get<string, EventRow[]>('requests.events', async (ids) =>
      groupByKey(ids, await this.repo.eventsOf(ids), (r) => r.request_id),
    );
  }

  intake(loaders: RequestLoaders) {
    return loaders.get<string, IntakeRow | undefined>('requests.intake', async (ids) => byKey(ids, await this.repo.intakesOf(ids), (r) => r.request_id));
  }

  category(loaders: RequestLoaders) {
    return loaders.get<string, CategoryRow | undefined>('requests.category', async (ids) =>
      byKey(ids, await this.repo.categoriesByIds(ids), (r) => r.id),
    );
  }

  /**
   * Open requests in a unit's subtree. One statement reads the direct count of every unit
   * in a batch's subtrees and sums them up the paths in memory. A unit whose ancestor's
   * subtree is already being counted in this request waits for that count instead of
   * asking again, so a tree pulled level by level (whose deeper levels start while the
   * first count is still running) costs one statement.
   */
  openInSubtree(loaders: RequestLoaders, unit: { dbId: string; ancestorDbIds: string[] }): number | Promise<number> {
    // Answered without a promise once the totals have arrived: most units of a pulled tree
    // ask after their ancestor's count is in.
    const arrived = loaders.memo<string, Map<string, number>>('requests.subtreeTotalsArrived');
    const counted = loaders.memo<string, Promise<Map<string, number>>>('requests.subtreeTotals');
    // The unit's path from the root down to itself, walked without building an array per unit.
    const ancestors = unit.ancestorDbIds;
    const idAt = (i: number) => (i < ancestors.length ? ancestors[i] : unit.dbId);
    for (let i = 0; i <= ancestors.length; i++) {
      const totals = arrived.get(idAt(i));
      if (totals) return totals.get(unit.dbId) ?? 0;
    }
    let totals: Promise<Map<string, number>> | undefined;
    for (let i = 0; i <= ancestors.length && !totals; i++) totals = counted.get(idAt(i));
    if (!totals) {
      totals = this.subtreeTotals(loaders).load(unit.dbId);
      counted.set(unit.dbId, totals);
      void totals.then((map) => arrived.set(unit.dbId, map), () => undefined);
    }
    return totals.then((map) => map.get(unit.dbId) ?? 0);
  }

  /** Per batch of units: the open totals of every unit in their subtrees (one Map shared by the batch). */
  private subtreeTotals(loaders: RequestLoaders) {
    return loaders.get<string, Map<string, number>>('requests.subtreeTotals', async (ids) => {
      const totals = new Map<string, number>();
      for (const row of await this.repo.directOpenCountsInSubtrees(ids)) {
        for (const ancestorId of row.path.split('.')) totals.set(ancestorId, (totals.get(ancestorId) ?? 0) + row.n);
      }
      return ids.map(() => totals);
    });
  }

  openAssignments(loaders: RequestLoaders) {
    return loaders.get<string, number>('requests.openAssignments', async (ids) => {
      const counts = await this.repo.openAssignmentCounts(ids);
      return ids.map((id) => counts.get(id) ?? 0);
    });
  }
}
