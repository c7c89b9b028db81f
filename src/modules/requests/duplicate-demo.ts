import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../../common/auth/actor.js';
import { Role } from '../../common/auth/role.js';
import { RequestLoaders } from '../../common/loaders/request-loaders.js';
import { queryRows } from '../../database/queries.js';
import { FacilitiesService } from '../facilities/index.js';
import { RequestsService } from './requests.service.js';

/** The demo street light the two reports are about (seeded by the facilities demo). */
const LIGHT_CODE = 'BL-01-01-01-SL1';

/**
 * Two near-duplicate street-light reports in the demo street, through the real intake as the
 * bootstrap admin: one naming the light, one by location about 30 m away. Their idempotency
 * keys make a second run hand back the same two.
 */
@Injectable()
export class DuplicateDemo {
  constructor(
    private readonly db: DataSource,
    private readonly requests: RequestsService,
    private readonly facilities: FacilitiesService,
  ) {}

  async seed(): Promise<void> {
    const [admin] = await queryRows<{ id: string }>(this.db, `SELECT id::text AS id FROM app_user WHERE role = 'CITY_ADMIN' ORDER BY id LIMIT 1`);
    const light = await this.facilities.lookup(new RequestLoaders(), null, LIGHT_CODE);
    if (!admin || !light?.location) return;
    const actor: Actor = { userId: admin.id, role: Role.CITY_ADMIN, scopeUnitId: null, scopePath: null, memberId: null, memberUnitPath: null, address: null };
    await this.requests.submit(actor, {
      categoryCode: 'STREET_LIGHT',
      description: '1号院门口路灯不亮，晚上很黑',
      facilityId: light.id,
      idempotencyKey: 'demo-street-light-1',
    });
    await this.requests.submit(actor, {
      categoryCode: 'STREET_LIGHT',
      description: '1号院路灯坏了，走路看不清',
      location: { lat: light.location.lat + 0.00027, lng: light.location.lng },
      idempotencyKey: 'demo-street-light-2',
    });
  }
}
