import { Injectable } from '@nestjs/common';
import type { RequestLoaders } from '../../common/loaders/request-loaders.js';
import { byKey, groupByKey } from '../../common/loaders/request-loaders.js';
import type { PageRequest } from '../../common/paging/paging.js';
import type { OrgLevel, OrgUnitRow } from './org-unit.model.js';
import { OrgRepository, type ChildrenRead, type OwnedRow } from './org.repository.js';

/** The tree's batch loaders: one statement per kind of read per request tick, whatever the tree size. */
@Injectable()
export class OrgLoaders {
  constructor(private readonly repo: OrgRepository) {}

  byId(loaders: RequestLoaders) {
    return loaders.get<string, OrgUnitRow | undefined>('org.byId', async (ids) =>
      byKey(ids, await this.repo.findByIds(ids), (r) => r.id),
    );
  }

  byCode(loaders: RequestLoaders) {
    return loaders.get<string, OrgUnitRow | undefined>('org.byCode', async (codes) =>
      byKey(codes, await this.repo.findByCodes(codes), (r) => r.code),
    );
  }

  childrenPage(loaders: RequestLoaders, page: PageRequest<string>, read: ChildrenRead) {
    // By slot: two columns of one field (a narrow and a full secretary) are different reads.
    const alongside = (read.alongside ?? []).map((c) => c.slot).join(',');
    return loaders.get<string, OwnedRow[]>(`org.children:${page.limit}:${page.after ?? ''}:${!!read.boundary}:${alongside}`, async (ids) =>
      groupByKey(ids, await this.repo.childrenPages(ids, page, read), (r) => r.owner_id),
    );
  }

  childCount(loaders: RequestLoaders) {
    return loaders.get<string, number>('org.childCount', async (ids) => {
      const counts = await this.repo.childCounts(ids);
      return ids.map((id) => counts.get(id) ?? 0);
    });
  }

  descendantsPage(loaders: RequestLoaders, level: OrgLevel | null, page: PageRequest<string>) {
    return loaders.get<string, OwnedRow[]>(`org.descendants:${level ?? ''}:${page.limit}:${page.after ?? ''}`, async (ids) =>
      groupByKey(ids, await this.repo.descendantPages(ids, level, page), (r) => r.owner_id),
    );
  }

  descendantCount(loaders: RequestLoaders, level: OrgLevel | null) {
    return loaders.get<string, number>(`org.descendantCount:${level ?? ''}`, async (ids) => {
      const counts = await this.repo.descendantCounts(ids, level);
      return ids.map((id) => counts.get(id) ?? 0);
    });
  }
}
