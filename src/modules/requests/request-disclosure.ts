import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/auth/actor.js';
import type { RequestLoaders } from '../../common/loaders/request-loaders.js';
import type { RequestRow } from './request.model.js';

/**
 * Whether a request's origin is kept from the caller: one opened by a covert inspection
 * reads as DIRECT, with reporter and event actors null, for the units inspected until the
 * inspection is revealed. The assessment module knows inspections and registers the rule
 * here (requests cannot depend on it without a cycle).
 */
export type ConcealRule = (loaders: RequestLoaders, actor: Actor, row: RequestRow) => boolean | Promise<boolean>;

@Injectable()
export class RequestDisclosure {
  private readonly rules: ConcealRule[] = [];

  register(rule: ConcealRule): void {
    this.rules.push(rule);
  }

  async conceals(loaders: RequestLoaders, actor: Actor, row: RequestRow): Promise<boolean> {
    for (const rule of this.rules) if (await rule(loaders, actor, row)) return true;
    return false;
  }
}
