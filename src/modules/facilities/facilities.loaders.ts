import { Injectable } from '@nestjs/common';
import type { RequestLoaders } from '../../common/loaders/request-loaders.js';
import { byKey } from '../../common/loaders/request-loaders.js';
import type { FacilityRow, FacilityTypeRow } from './facility.model.js';
import { FacilitiesRepository } from './facilities.repository.js';

@Injectable()
export class FacilityLoaders {
  constructor(private readonly repo: FacilitiesRepository) {}

  byId(loaders: RequestLoaders) {
    return loaders.get<string, FacilityRow | undefined>('facilities.byId', async (ids) => byKey(ids, await this.repo.byIds(ids), (r) => r.id));
  }

  byCode(loaders: RequestLoaders) {
    return loaders.get<string, FacilityRow | undefined>('facilities.byCode', async (codes) =>
      byKey(codes, await this.repo.byCodes(codes), (r) => r.code),
    );
  }

  type(loaders: RequestLoaders) {
    return loaders.get<string, FacilityTypeRow | undefined>('facilities.type', async (ids) =>
      byKey(ids, await this.repo.typesByIds(ids), (r) => r.id),
    );
  }
}
