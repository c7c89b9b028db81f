import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { badInput, conflict, notFound } from '../../common/errors/domain-error.js';
import { openRing, toPgPolygon, type GeoPointInput } from '../../common/graphql/geo.js';
import { dbIdOf } from '../../common/graphql/global-id.js';
import type { RequestLoaders } from '../../common/loaders/request-loaders.js';
import { isStringKey, pageRequest, toConnection, type Connection, type PageArgs } from '../../common/paging/paging.js';
import { Transactions } from '../../database/transactions.js';
import type {
  CreateOrgUnitInput,
  MoveOrgUnitInput,
  OrgUnitsArgs,
  UpdateOrgUnitInput,
} from './dtos/org-unit.inputs.js';
import { levelBelow, OrgLevel, OrgUnit, type OrgUnitRow } from './org-unit.model.js';
import { OrgLoaders } from './org.loaders.js';
import { OrgRepository, type ChildrenRead, type OwnedRow } from './org.repository.js';
import { ArchiveChecks, UnitMoves } from './org.ports.js';
import type { Actor } from '../../common/auth/actor.js';
import { Policy } from '../../common/auth/policy.js';
import { AuditService, type AuditAction } from '../audit/index.js';

const codeKey = (row: OrgUnitRow) => row.code;

/** The rules of the "3+1" tree. The database enforces the same rules again. */
@Injectable()
export class OrgService {
  constructor(
    private readonly repo: OrgRepository,
    private readonly loaders: OrgLoaders,
    private readonly transactions: Transactions,
    private readonly archiveChecks: ArchiveChecks,
    private readonly unitMoves: UnitMoves,
    private readonly policy: Policy,
    private readonly audit: AuditService,
  ) {}

  // ---- reads -------------------------------------------------------------------------

  async byGlobalId(loaders: RequestLoaders, globalId: string | null | undefined): Promise<OrgUnit | null> {
    const dbId = dbIdOf(globalId, 'OrgUnit');
    return dbId ? this.byDbId(loaders, dbId) : null;
  }

  /** A unit from a row another module's statement read along with its own. */
  fromRow(row: OrgUnitRow): OrgUnit {
    return OrgUnit.from(row);
  }

  /** The unit's path now; undefined when there is no such unit. */
  pathOf(dbId: string): Promise<string | undefined> {
    return this.repo.pathOf(dbId);
  }

  async byDbId(loaders: RequestLoaders, dbId: string): Promise<OrgUnit | null> {
    const row = await this.loaders.byId(loaders).load(dbId);
    return row ? OrgUnit.from(row) : null;
  }

  async byCode(loaders: RequestLoaders, code: string): Promise<OrgUnit | null> {
    const row = await this.loaders.byCode(loaders).load(code);
    return row ? OrgUnit.from(row) : null;
  }

  async list(args: OrgUnitsArgs): Promise<Connection<OrgUnit>> {
    const page = pageRequest(args, isStringKey);
    let parentId: string | null = null;
    if (args.parentId) {
      parentId = dbIdOf(args.parentId, 'OrgUnit');
      if (!parentId) return toConnection([], page, 0, codeKey, OrgUnit.from);
    }
    const filter = { level: args.level, parentId, search: args.search, includeArchived: args.includeArchived };
    const rows = await this.repo.list(filter, page);
    return toConnection(rows, page, () => this.repo.count(filter), codeKey, OrgUnit.from);
  }

  async ancestors(loaders: RequestLoaders, unit: OrgUnit): Promise<OrgUnit[]> {
    const rows = await this.loaders.byId(loaders).loadMany(unit.ancestorDbIds);
    return rows.filter((r): r is OrgUnitRow => !!r && !(r instanceof Error)).map(OrgUnit.from);
  }

  async parent(loaders: RequestLoaders, unit: OrgUnit): Promise<OrgUnit | null> {
    return unit.parentDbId ? this.byDbId(loaders, unit.parentDbId) : null;
  }

  /**
   * A page of a unit's live children. `read` says what the client asks of them beyond their
   * own columns (the secretary, the boundary), so the page's one statement brings just that.
   */
  async children(loaders: RequestLoaders, unit: OrgUnit, args: PageArgs, read: ChildrenRead): Promise<Connection<OrgUnit>> {
    const page = pageRequest(args, isStringKey);
    const rows = await this.loaders.childrenPage(loaders, page, read).load(unit.dbId);
    const alongside = read.alongside ?? [];
    const toChild = alongside.length === 0 ? OrgUnit.from : (row: OwnedRow) => {
      const child = OrgUnit.from(row);
      child.readAlong = [];
      for (let i = 0; i < alongside.length; i++) child.readAlong[alongside[i].slot] = row[`along_${i}`];
      return child;
    };
    return toConnection(rows, page, () => this.loaders.childCount(loaders).load(unit.dbId), codeKey, toChild);
  }

  async descendants(
    loaders: RequestLoaders,
    unit: OrgUnit,
    level: OrgLevel | null | undefined,
    args: PageArgs,
  ): Promise<Connection<OrgUnit>> {
    const page = pageRequest(args, isStringKey);
    const rows = await this.loaders.descendantsPage(loaders, level ?? null, page).load(unit.dbId);
    return toConnection(
      rows,
      page,
      () => this.loaders.descendantCount(loaders, level ?? null).load(unit.dbId),
      codeKey,
      OrgUnit.from,
    );
  }

  // ---- changes -----------------------------------------------------------------------

  async create(actor: Actor, input: CreateOrgUnitInput): Promise<OrgUnit> {
    this.policy.assertMayManageTree(actor);
    if (!input.parentId) this.policy.assertMayCreateStreet(actor);
    const boundary = this.boundaryText(input.boundary, 'boundary');
    return this.transactions.run(async (tx) => {
      let parent: OrgUnitRow | undefined;
      let level: OrgLevel;
      if (input.parentId) {
        const parentId = dbIdOf(input.parentId, 'OrgUnit');
        // SHARE: the parent must not be archived or moved while the child is added.
        parent = parentId ? await this.repo.lock(parentId, 'SHARE', tx) : undefined;
        if (!parent) throw notFound('Parent org unit');
        this.policy.assertTreeTargetInScope(actor, parent.path, 'Parent org unit');
        const below = levelBelow(parent.level);
        if (!below) throw badInput('parentId', 'A courtyard group cannot have units below it');
        if (input.level && input.level !== below) {
          throw badInput('level', `A unit under a ${parent.level} must be a ${below}`);
        }
        if (parent.archived) throw conflict('The parent unit is archived and takes no new children');
        level = below;
      } else {
        if (input.level && input.level !== OrgLevel.STREET_COMMITTEE) {
          throw badInput('parentId', `A ${input.level} needs a parent`);
        }
        level = OrgLevel.STREET_COMMITTEE;
      }
      const row = await this.repo.insert(
        { parentId: parent?.id ?? null, level, code: input.code, name: input.name, boundary },
        tx,
      );
      await this.record(actor, 'ORG_UNIT_CREATED', row, { code: row.code, level, parent: parent?.code ?? null }, tx);
      return OrgUnit.from(row);
    });
  }

  async update(actor: Actor, input: UpdateOrgUnitInput): Promise<OrgUnit> {
    this.policy.assertMayManageTree(actor);
    const boundary = input.boundary === undefined ? undefined : this.boundaryText(input.boundary, 'boundary');
    return this.transactions.run(async (tx) => {
      const unit = await this.lockInScope(actor, input.id, tx);
      if (unit.archived) throw conflict('The unit is archived; restore it first');
      const row = await this.repo.update(unit.id, { name: input.name ?? undefined, boundary }, tx);
      await this.record(actor, 'ORG_UNIT_UPDATED', row, { name: row.name !== unit.name ? [unit.name, row.name] : undefined, boundary: boundary !== undefined }, tx);
      return OrgUnit.from(row);
    });
  }

  /** Re-parents a subtree; a STREET_ADMIN's moves stay inside their street (both ends in scope). */
  async move(actor: Actor, input: MoveOrgUnitInput): Promise<OrgUnit> {
    this.policy.assertMayManageTree(actor);
    return this.transactions.run(async (tx) => {
      const unit = await this.lockInScope(actor, input.id, tx);
      const newParentId = dbIdOf(input.newParentId, 'OrgUnit');
      const newParent = newParentId ? await this.repo.lock(newParentId, 'UPDATE', tx) : undefined;
      if (!newParent) throw notFound('New parent org unit');
      this.policy.assertTreeTargetInScope(actor, newParent.path, 'New parent org unit');
      if (unit.level === OrgLevel.STREET_COMMITTEE) {
        throw badInput('id', 'A street committee is a root and cannot be moved under another unit');
      }
      if (levelBelow(newParent.level) !== unit.level) {
        throw badInput('newParentId', `A ${unit.level} can only be moved under a unit of the level just above it`);
      }
      if (unit.archived) throw conflict('The unit is archived; restore it first');
      if (newParent.archived) throw conflict('The new parent is archived and takes no moves into it');
      if (unit.parent_id === newParent.id) return OrgUnit.from(unit);
      const rows = await this.repo.moveSubtree(unit, newParent, tx);
      await this.unitMoves.moved({ unitId: unit.id, fromParentPath: parentPathOf(unit.path), toParentPath: newParent.path }, tx);
      const [moved] = await this.repo.findByIds([unit.id], tx);
      await this.record(actor, 'ORG_UNIT_MOVED', moved, { from: unit.parent_id, to: newParent.code, unitsMoved: rows, fromPath: unit.path }, tx);
      return OrgUnit.from(moved);
    });
  }

  /**
   * Archives a unit with no live children and nothing another module's archive check refuses
   * (open requests in its subtree). The checks run inside the same transaction, with the unit
   * locked, so no request can slip in between.
   */
  async archive(actor: Actor, id: string): Promise<OrgUnit> {
    this.policy.assertMayManageTree(actor);
    return this.transactions.run(async (tx) => {
      const unit = await this.lockInScope(actor, id, tx);
      if (unit.archived) return OrgUnit.from(unit);
      if (await this.repo.hasLiveChildren(unit.id, tx)) {
        throw conflict('The unit still has live units below it; archive or move them first');
      }
      const refusal = await this.archiveChecks.refusal(unit, tx);
      if (refusal) throw conflict(refusal);
      const row = await this.repo.setArchived(unit.id, true, tx);
      await this.record(actor, 'ORG_UNIT_ARCHIVED', row, {}, tx);
      return OrgUnit.from(row);
    });
  }

  async restore(actor: Actor, id: string): Promise<OrgUnit> {
    this.policy.assertMayManageTree(actor);
    return this.transactions.run(async (tx) => {
      const unit = await this.lockInScope(actor, id, tx);
      if (!unit.archived) return OrgUnit.from(unit);
      if (unit.parent_id) {
        const parent = await this.repo.lock(unit.parent_id, 'SHARE', tx);
        if (!parent || parent.archived) throw conflict('The parent unit is archived; restore it first');
      }
      const row = await this.repo.setArchived(unit.id, false, tx);
      await this.record(actor, 'ORG_UNIT_RESTORED', row, {}, tx);
      return OrgUnit.from(row);
    });
  }

  // ---- for other modules' transactions ----------------------------------------------------

  /** Locks one unit for the rest of the transaction (UPDATE: it will change; SHARE: it must not). */
  lockRow(dbId: string, mode: 'UPDATE' | 'SHARE', tx: EntityManager): Promise<OrgUnitRow | undefined> {
    return this.repo.lock(dbId, mode, tx);
  }

  rowsByIds(dbIds: readonly string[], tx: EntityManager): Promise<OrgUnitRow[]> {
    return this.repo.findByIds(dbIds, tx);
  }

  rowsByCodes(codes: readonly string[], tx: EntityManager): Promise<OrgUnitRow[]> {
    return this.repo.findByCodes(codes, tx);
  }

  /** The deepest live unit whose boundary contains the point (routing by location). */
  deepestLiveUnitContaining(lng: number, lat: number, tx: EntityManager) {
    return this.repo.deepestLiveUnitContaining(lng, lat, tx);
  }

  /** Makes the member the unit's secretary; the people module checks who may and who can be. */
  setSecretary(unitId: string, memberId: string, tx: EntityManager): Promise<void> {
    return this.repo.setSecretary(unitId, memberId, tx);
  }

  /** Clears the unit's secretary when it is this member (who is leaving the unit). */
  clearSecretaryIf(unitId: string, memberId: string, tx: EntityManager): Promise<void> {
    return this.repo.clearSecretaryIf(unitId, memberId, tx);
  }

  /** Locks the unit for change; out of the caller's scope it is NOT_FOUND, as if it did not exist. */
  private async lockInScope(actor: Actor, globalId: string, tx: EntityManager) {
    const dbId = dbIdOf(globalId, 'OrgUnit');
    const unit = dbId ? await this.repo.lock(dbId, 'UPDATE', tx) : undefined;
    if (!unit) throw notFound('Org unit');
    this.policy.assertTreeTargetInScope(actor, unit.path);
    return unit;
  }

  private record(actor: Actor, action: AuditAction, row: OrgUnitRow, summary: Record<string, unknown>, tx: EntityManager) {
    return this.audit.record({ action, actor, targetType: 'OrgUnit', targetId: row.id, unitPath: row.path, summary }, tx);
  }

  private boundaryText(ring: GeoPointInput[] | null | undefined, field: string): string | null {
    if (!ring) return null;
    const open = openRing(ring);
    if (open.length < 3) throw badInput(field, 'boundary needs at least 3 distinct points');
    return toPgPolygon(open);
  }
}

/** The path of a unit's parent: its own path without the last label. */
function parentPathOf(path: string): string {
  return path.slice(0, path.lastIndexOf('.'));
}
