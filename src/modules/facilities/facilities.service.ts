import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor.js';
import { Policy } from '../../common/auth/policy.js';
import { Role } from '../../common/auth/role.js';
import { badInput, conflict, forbidden, notFound } from '../../common/errors/domain-error.js';
import { dbIdOf } from '../../common/graphql/global-id.js';
import type { RequestLoaders } from '../../common/loaders/request-loaders.js';
import { isStringKey, pageRequest, toConnection, type Connection } from '../../common/paging/paging.js';
import { Transactions } from '../../database/transactions.js';
import { AuditService } from '../audit/index.js';
import { OrgLevel, OrgService, type OrgUnit, type OrgUnitRow } from '../org/index.js';
import type { CreateFacilityInput, UnitFacilitiesArgs, UpdateFacilityInput, UpsertFacilityTypeInput } from './dtos/facility.inputs.js';
import { Facility, FacilityCoverage, FacilityType, type FacilityRow } from './facility.model.js';
import { FacilityLoaders } from './facilities.loaders.js';
import { FacilitiesRepository } from './facilities.repository.js';

/** The foreign key of a type's default category: a category that does not exist. */
const DEFAULT_CATEGORY_FK = 'facility_type_default_category_code_fkey';

/**
 * Facility types (a catalogue the CITY_ADMIN keeps) and the facilities of each courtyard
 * group. Every signed-in user reads them; staff in scope of the courtyard create and change
 * them. A facility references its courtyard by id, so a courtyard's move carries it.
 */
@Injectable()
export class FacilitiesService {
  constructor(
    private readonly repo: FacilitiesRepository,
    private readonly loaders: FacilityLoaders,
    private readonly org: OrgService,
    private readonly policy: Policy,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
  ) {}

  // ---- reads ---------------------------------------------------------------------------

  async types(): Promise<FacilityType[]> {
    return (await this.repo.types()).map(FacilityType.from);
  }

  async typeOf(loaders: RequestLoaders, facility: Facility): Promise<FacilityType> {
    return FacilityType.from((await this.loaders.type(loaders).load(facility.row.type_id))!);
  }

  async byDbId(loaders: RequestLoaders, dbId: string): Promise<Facility | null> {
    const row = await this.loaders.byId(loaders).load(dbId);
    return row ? Facility.from(row) : null;
  }

  async lookup(loaders: RequestLoaders, id?: string | null, code?: string | null): Promise<Facility | null> {
    if (id) {
      const dbId = dbIdOf(id, 'Facility');
      return dbId ? this.byDbId(loaders, dbId) : null;
    }
    if (code) {
      const row = await this.loaders.byCode(loaders).load(code);
      return row ? Facility.from(row) : null;
    }
    return null;
  }

  /** The facilities of the courtyards in a unit's subtree, by code. */
  async ofUnit(unit: OrgUnit, args: UnitFacilitiesArgs): Promise<Connection<Facility>> {
    const page = pageRequest(args, isStringKey);
    const path = unit.path;
    const filter = { typeCode: args.typeCode ?? null, statuses: args.status?.length ? args.status : null };
    const rows = await this.repo.page(path, filter, page.after, page.limit);
    return toConnection(rows, page, () => this.repo.count(path, filter), (r) => r.code, Facility.from);
  }

  async coverage(unit: OrgUnit): Promise<FacilityCoverage[]> {
    return (await this.repo.coverage(unit.path)).map((row) => {
      const c = new FacilityCoverage();
      c.type = FacilityType.from(row);
      c.courtyards = row.courtyards;
      c.courtyardsWithType = row.with_type;
      c.lackingIds = row.lacking;
      return c;
    });
  }

  // ---- for requests ----------------------------------------------------------------------

  /**
   * A facility named by a request, locked (SHARE) for the request's transaction, so that it
   * is not removed or moved while the request is routed to it. Undefined when none.
   */
  lockForRequest(dbId: string, tx: EntityManager): Promise<FacilityRow | undefined> {
    return this.repo.lock(dbId, 'SHARE', tx);
  }

  rowsByIds(loaders: RequestLoaders, dbIds: readonly string[]): Promise<(FacilityRow | undefined)[]> {
    return this.loaders.byId(loaders).loadMany(dbIds) as Promise<(FacilityRow | undefined)[]>;
  }

  // ---- changes -------------------------------------------------------------------------

  upsertType(actor: Actor, input: UpsertFacilityTypeInput): Promise<FacilityType> {
    if (actor.role !== Role.CITY_ADMIN) throw forbidden('Only a city admin manages facility types');
    return this.transactions.run(async (tx) => {
      let row;
      try {
        row = await this.repo.upsertType({ code: input.code, name: input.name, defaultCategoryCode: input.defaultCategoryCode ?? null }, tx);
      } catch (error) {
        if ((error as { driverError?: { constraint?: string } }).driverError?.constraint === DEFAULT_CATEGORY_FK) {
          throw badInput('defaultCategoryCode', 'No such service category');
        }
        throw error;
      }
      await this.audit.record({ action: 'FACILITY_TYPE_UPSERTED', actor, targetType: 'FacilityType', targetId: row.id, summary: { ...input } }, tx);
      return FacilityType.from(row);
    });
  }

  create(actor: Actor, input: CreateFacilityInput): Promise<Facility> {
    this.policy.assertMayManageFacilities(actor);
    return this.transactions.run(async (tx) => {
      const courtyard = await this.liveCourtyardInScope(actor, input.courtyardId, 'courtyardId', tx);
      const [type] = await this.repo.typesByCodes([input.typeCode], tx);
      if (!type) throw badInput('typeCode', 'No such facility type');
      const row = await this.repo.insert(
        { code: input.code, typeId: type.id, name: input.name, courtyardId: courtyard.id, location: input.location ?? null, installedAt: input.installedAt ?? null },
        tx,
      );
      await this.audit.record(
        { action: 'FACILITY_CREATED', actor, targetType: 'Facility', targetId: row.id, unitPath: courtyard.path, summary: { code: row.code, type: type.code } },
        tx,
      );
      return Facility.from(row);
    });
  }

  update(actor: Actor, input: UpdateFacilityInput): Promise<Facility> {
    this.policy.assertMayManageFacilities(actor);
    return this.transactions.run(async (tx) => {
      const dbId = dbIdOf(input.id, 'Facility');
      const row = dbId ? await this.repo.lock(dbId, 'UPDATE', tx) : undefined;
      if (!row) throw notFound('Facility');
      const [current] = await this.org.rowsByIds([row.courtyard_id], tx);
      this.policy.assertFacilityInScope(actor, current.path);
      let courtyard: OrgUnitRow = current;
      if (input.courtyardId) {
        courtyard = await this.liveCourtyardInScope(actor, input.courtyardId, 'courtyardId', tx);
      }
      const location = input.location !== undefined ? input.location : Facility.from(row).location;
      const updated = await this.repo.update(
        row.id,
        { name: input.name ?? row.name, courtyardId: courtyard.id, location: location ?? null, status: input.status ?? row.status },
        tx,
      );
      await this.audit.record(
        { action: 'FACILITY_UPDATED', actor, targetType: 'Facility', targetId: row.id, unitPath: courtyard.path, summary: { ...input } },
        tx,
      );
      return Facility.from(updated);
    });
  }

  /** A courtyard named in an input: in the caller's scope (else NOT_FOUND), a courtyard group, live; locked SHARE. */
  private async liveCourtyardInScope(actor: Actor, globalId: string, field: string, tx: EntityManager): Promise<OrgUnitRow> {
    const dbId = dbIdOf(globalId, 'OrgUnit');
    const unit = dbId ? await this.org.lockRow(dbId, 'SHARE', tx) : undefined;
    if (!unit || !this.policy.coversUnit(actor, unit.path)) throw notFound('Courtyard group');
    if (unit.level !== OrgLevel.COURTYARD_GROUP) throw badInput(field, 'A facility belongs to a courtyard group');
    if (unit.archived) throw conflict('That courtyard is archived and takes no facilities');
    return unit;
  }
}
