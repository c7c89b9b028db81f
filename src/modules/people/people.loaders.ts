import { Injectable } from '@nestjs/common';
import type { RequestLoaders } from '../../common/loaders/request-loaders.js';
import { byKey, groupByKey } from '../../common/loaders/request-loaders.js';
import type { PageRequest } from '../../common/paging/paging.js';
import type { MemberRow } from './member.model.js';
import { PeopleRepository } from './people.repository.js';
import type { UserRow } from './user.model.js';

@Injectable()
export class PeopleLoaders {
  constructor(private readonly repo: PeopleRepository) {}

  memberById(loaders: RequestLoaders) {
    return loaders.get<string, MemberRow | undefined>('people.memberById', async (ids) =>
      byKey(ids, await this.repo.membersByIds(ids), (r) => r.id),
    );
  }

  userById(loaders: RequestLoaders) {
    return loaders.get<string, UserRow | undefined>('people.userById', async (ids) =>
      byKey(ids, await this.repo.usersByIds(ids), (r) => r.id),
    );
  }

  membersPage(loaders: RequestLoaders, page: PageRequest<string>) {
    return loaders.get<string, (MemberRow & { owner_id: string })[]>(
      `people.members:${page.limit}:${page.after ?? ''}`,
      async (ids) => groupByKey(ids, await this.repo.memberPages(ids, page), (r) => r.owner_id),
    );
  }

  memberCount(loaders: RequestLoaders) {
    return loaders.get<string, number>('people.memberCount', async (ids) => {
      const counts = await this.repo.memberCounts(ids);
      return ids.map((id) => counts.get(id) ?? 0);
    });
  }

  responders(loaders: RequestLoaders) {
    return loaders.get<string, MemberRow[]>('people.responders', async (ids) =>
      groupByKey(ids, await this.repo.respondersOf(ids), (r) => r.unit_id),
    );
  }
}
