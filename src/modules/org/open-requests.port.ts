import type { EntityManager } from 'typeorm';
import type { RequestLoaders } from '../../common/loaders/request-loaders.js';
import type { OrgUnitRow } from './org-unit.model.js';

/**
 * What the tree needs to know about service requests: how many are open in a subtree.
 * The requests module provides it.
 */
export abstract class OpenRequestsPort {
  /** Open requests held anywhere in each unit's subtree, batched per request. */
  abstract countInSubtree(loaders: RequestLoaders, unit: { dbId: string; ancestorDbIds: string[] }): number | Promise<number>;
  /** Whether any open request is held in the subtree; called inside the archive transaction. */
  abstract anyInSubtree(unit: OrgUnitRow, tx: EntityManager): Promise<boolean>;
}
