import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { Actor } from '../../common/auth/actor.js';
import { Policy } from '../../common/auth/policy.js';
import { badInput, notFound } from '../../common/errors/domain-error.js';
import { validateInput } from '../../common/errors/input-validation.pipe.js';
import { dbIdOf } from '../../common/graphql/global-id.js';
import type { Queryable } from '../../database/queries.js';
import { Transactions } from '../../database/transactions.js';
import { AppConfig } from '../../config/app-config.js';
import { AuditService } from '../audit/index.js';
import { WorkingCalendar } from '../calendar/index.js';
import { ImportedServiceRequestInput } from './dtos/import.inputs.js';
import { RequestEventType, RequestStatus } from './request.model.js';
import {
  categoriesForImport,
  insertImported,
  insertImportedEvents,
  unitsForImport,
  type ImportedEvent,
  type ImportRow,
} from './requests.repository.js';

export const IMPORT_BATCH_LIMIT = 1000;

/** How an imported row names its unit: a global id (GraphQL) or a unit code (CSV file). */
export type UnitRef = { id: string } | { code: string };

export interface ImportCase extends Omit<ImportedServiceRequestInput, 'unitId'> {
  unit: UnitRef;
}

export interface ImportSummary {
  imported: number;
  skipped: number;
}

/**
 * Loads another system's history: each case with its own times and the events that match
 * (SUBMITTED, RESOLVED, CLOSED or CANCELLED at those times), source IMPORTED, no reporter.
 * A batch with one inconsistent element writes nothing (BAD_USER_INPUT naming
 * `input.<i>.<field>`); an externalNumber imported before is skipped. The GraphQL mutation
 * and the CLI (`import-requests <file.csv>`) both come here.
 */
@Injectable()
export class RequestImporter {
  constructor(
    private readonly policy: Policy,
    private readonly audit: AuditService,
    private readonly tx: Transactions,
    private readonly calendar: WorkingCalendar,
  ) {}

  /** For the CLI, which has no Nest application. */
  static forDataSource(dataSource: DataSource, config: AppConfig): RequestImporter {
    return new RequestImporter(new Policy(), new AuditService(dataSource), new Transactions(dataSource), WorkingCalendar.standalone(dataSource, config));
  }

  /** importServiceRequests: CITY_ADMIN only. */
  async importForActor(actor: Actor, input: ImportedServiceRequestInput[]): Promise<ImportSummary> {
    this.policy.assertCityAdmin(actor, 'imports requests');
    const cases = input.map(({ unitId, ...rest }) => ({ ...rest, unit: { id: unitId } }) as ImportCase);
    return this.importCases(cases, { userId: actor.userId, actor });
  }

  /** The shared path; `by.userId` is the actor of the events (the importing admin), or null. */
  async importCases(cases: ImportCase[], by: { userId: string | null; actor?: Actor; via?: string }): Promise<ImportSummary> {
    if (cases.length > IMPORT_BATCH_LIMIT) throw badInput('input', `At most ${IMPORT_BATCH_LIMIT} requests per call`);
    const checked: ImportCase[] = [];
    const seen = new Map<string, number>();
    for (const [i, element] of cases.entries()) {
      const { unit, ...fields } = element;
      const unitId = 'id' in unit ? unit.id : 'x';
      const valid = await validateInput(ImportedServiceRequestInput, { ...fields, unitId }, `input.${i}`);
      const c: ImportCase = { ...valid, unit } as ImportCase;
      consistency(c, i);
      const earlier = seen.get(c.externalNumber);
      if (earlier !== undefined) throw badInput(`input.${i}.externalNumber`, `externalNumber repeats element ${earlier}`);
      seen.set(c.externalNumber, i);
      checked.push(c);
    }
    if (checked.length === 0) return { imported: 0, skipped: 0 };

    return this.tx.run(async (tx) => {
      const ids = checked.flatMap((c) => ('id' in c.unit ? [dbIdOf(c.unit.id, 'OrgUnit') ?? '0'] : []));
      const codes = checked.flatMap((c) => ('code' in c.unit ? [c.unit.code] : []));
      const units = await unitsForImport(tx, ids, codes);
      const byId = new Map(units.map((u) => [u.id, u]));
      const byCode = new Map(units.map((u) => [u.code, u]));
      const categories = new Map((await categoriesForImport(tx, [...new Set(checked.map((c) => c.categoryCode))])).map((c) => [c.code, c]));
      // A case still waiting for dispatch gets its accept deadline from now, in its category's time.
      const now = await this.now(tx);
      const acceptDue = new Map<string, Date>();
      for (const category of categories.values()) {
        acceptDue.set(category.code, await this.calendar.dueAt(now, category.accept_within_minutes, category.working_time, tx));
      }
      const rows: ImportRow[] = checked.map((c, i) => {
        const unit = 'id' in c.unit ? byId.get(dbIdOf(c.unit.id, 'OrgUnit') ?? '') : byCode.get(c.unit.code);
        if (!unit) {
          if ('code' in c.unit) throw badInput(`input.${i}.unitCode`, `No unit has the code ${c.unit.code}`);
          throw notFound('Org unit');
        }
        const category = categories.get(c.categoryCode);
        if (!category) throw badInput(`input.${i}.categoryCode`, 'No such service category');
        const status = c.cancelledAt
          ? RequestStatus.CANCELLED
          : c.closedAt
            ? RequestStatus.CLOSED
            : c.resolvedAt
              ? RequestStatus.RESOLVED
              : RequestStatus.PENDING_DISPATCH;
        return {
          externalNumber: c.externalNumber,
          categoryId: category.id,
          description: c.description,
          location: c.location ?? null,
          address: c.address ?? null,
          unitId: unit.id,
          courtyardId: unit.level === 'COURTYARD_GROUP' ? unit.id : null,
          status,
          submittedAt: c.submittedAt,
          resolveDueAt: c.resolveDueAt,
          resolvedAt: c.resolvedAt ?? null,
          closedAt: c.closedAt ?? null,
          cancelledAt: c.cancelledAt ?? null,
          reworkCount: c.reworkCount ?? 0,
          escalationCount: c.escalationCount ?? 0,
          rating: c.closedAt ? (c.rating ?? null) : null,
          acceptDueAt: status === RequestStatus.PENDING_DISPATCH ? acceptDue.get(category.code)! : null,
          contentHash: createHash('sha256').update(JSON.stringify(['IMPORTED', c.externalNumber])).digest('hex'),
        };
      });
      const inserted = await insertImported(tx, rows);
      const idOf = new Map(inserted.map((r) => [r.external_number, r.id]));
      const events: ImportedEvent[] = [];
      for (const row of rows) {
        const requestId = idOf.get(row.externalNumber);
        if (requestId) events.push(...importedEvents(requestId, row, by.userId));
      }
      await insertImportedEvents(tx, events);
      if (inserted.length > 0) {
        await this.audit.record(
          {
            action: 'REQUESTS_IMPORTED',
            actor: by.actor ?? null,
            targetType: 'ServiceRequest',
            summary: {
              imported: inserted.length,
              skipped: rows.length - inserted.length,
              via: by.via ?? 'graphql',
              actorUserId: by.userId,
              first: inserted[0].external_number,
              last: inserted.at(-1)!.external_number,
            },
          },
          tx,
        );
      }
      return { imported: inserted.length, skipped: rows.length - inserted.length };
    });
  }

  private async now(tx: Queryable): Promise<Date> {
    const [row] = (await tx.query(`SELECT now() AS now`)) as { now: Date }[];
    return row.now;
  }
}

/** resolved before submitted, closed without or before resolvedAt, a rating without closedAt, … */
function consistency(c: ImportCase, i: number): void {
  const at = (field: string, message: string) => badInput(`input.${i}.${field}`, message);
  const submitted = c.submittedAt.getTime();
  if (submitted > Date.now()) throw at('submittedAt', 'submittedAt lies in the future');
  if (c.resolveDueAt.getTime() < submitted) throw at('resolveDueAt', 'resolveDueAt is before submittedAt');
  if (c.resolvedAt && c.resolvedAt.getTime() < submitted) throw at('resolvedAt', 'resolvedAt is before submittedAt');
  if (c.resolvedAt && c.resolvedAt.getTime() > Date.now()) throw at('resolvedAt', 'resolvedAt lies in the future');
  if (c.closedAt && !c.resolvedAt) throw at('closedAt', 'closedAt without resolvedAt');
  if (c.closedAt && c.resolvedAt && c.closedAt.getTime() < c.resolvedAt.getTime()) throw at('closedAt', 'closedAt is before resolvedAt');
  if (c.closedAt && c.closedAt.getTime() > Date.now()) throw at('closedAt', 'closedAt lies in the future');
  if (c.rating != null && !c.closedAt) throw at('rating', 'a rating without closedAt');
  if (c.cancelledAt && c.closedAt) throw at('cancelledAt', 'a request is either closed or cancelled');
  if (c.cancelledAt && c.cancelledAt.getTime() < (c.resolvedAt ?? c.submittedAt).getTime()) {
    throw at('cancelledAt', 'cancelledAt is before submittedAt or resolvedAt');
  }
  if (c.cancelledAt && c.cancelledAt.getTime() > Date.now()) throw at('cancelledAt', 'cancelledAt lies in the future');
}

function importedEvents(requestId: string, row: ImportRow, actorUserId: string | null): ImportedEvent[] {
  const note = `Imported (${row.externalNumber})`;
  const base = { requestId, actorUserId, assigneeMemberId: null, note, requestVersion: 1 };
  const events: ImportedEvent[] = [
    { ...base, type: RequestEventType.SUBMITTED, at: row.submittedAt, fromStatus: null, toStatus: RequestStatus.PENDING_DISPATCH, unitId: row.courtyardId ?? row.unitId },
  ];
  let status = RequestStatus.PENDING_DISPATCH;
  if (row.resolvedAt) {
    events.push({ ...base, type: RequestEventType.RESOLVED, at: row.resolvedAt, fromStatus: status, toStatus: RequestStatus.RESOLVED, unitId: row.unitId });
    status = RequestStatus.RESOLVED;
  }
  if (row.closedAt) {
    events.push({
      ...base,
      type: RequestEventType.CLOSED,
      at: row.closedAt,
      fromStatus: status,
      toStatus: RequestStatus.CLOSED,
      unitId: row.unitId,
      rating: row.rating,
    });
  }
  if (row.cancelledAt) {
    events.push({ ...base, type: RequestEventType.CANCELLED, at: row.cancelledAt, fromStatus: status, toStatus: RequestStatus.CANCELLED, unitId: row.unitId });
  }
  return events;
}
