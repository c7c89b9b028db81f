import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/auth/actor.js';
import { Policy } from '../../common/auth/policy.js';
import { Role } from '../../common/auth/role.js';
import { badInput, conflict, forbidden, notFound } from '../../common/errors/domain-error.js';
import { dbIdOf } from '../../common/graphql/global-id.js';
import type { RequestLoaders } from '../../common/loaders/request-loaders.js';
import { pageRequest, toConnection, type Connection } from '../../common/paging/paging.js';
import { Transactions } from '../../database/transactions.js';
import {
  Inspection,
  InspectionFinding,
  NegativeListEntry,
  NegativeListItem,
  ProblemNotice,
  type FindingRow,
  type InspectionRow,
  type NoticeRow,
} from './assessment.model.js';
import { AssessmentRepository, type UnitRef } from './assessment.repository.js';
import { AssessmentService } from './assessment.service.js';
import { AuditService, RequestSource, RequestsService } from './deps.js';
import type {
  InspectionsArgs,
  IssueProblemNoticeInput,
  NegativeListEntriesArgs,
  NoticeIdInput,
  ProblemNoticesArgs,
  RecordInspectionInput,
  RecordNegativeEntryInput,
  RespondToNoticeInput,
  RevokeNegativeEntryInput,
  UpsertNegativeListItemInput,
} from './dtos/assessment.inputs.js';

const isTimeIdCursor = (key: unknown): key is [string, string] =>
  Array.isArray(key) && key.length === 2 && typeof key[0] === 'string' && key[0].length <= 64 && typeof key[1] === 'string' && /^\d{1,19}$/.test(key[1]);

/** Inspections (暗访督导), problem notices (问题通报) and the negative list (负面清单). */
@Injectable()
export class SupervisionService {
  constructor(
    private readonly repo: AssessmentRepository,
    private readonly assessment: AssessmentService,
    private readonly requests: RequestsService,
    private readonly policy: Policy,
    private readonly tx: Transactions,
    private readonly audit: AuditService,
  ) {}

  /** A unit named in an input, for a reader of assessment data (NOT_FOUND when unknown or outside their scope). */
  private async readableUnit(actor: Actor, globalId: string): Promise<UnitRef> {
    const dbId = dbIdOf(globalId, 'OrgUnit');
    const [unit] = dbId ? await this.repo.unitsByIds([dbId]) : [];
    if (!unit || !this.policy.readsAssessmentOf(actor, unit.path)) throw notFound('Org unit');
    return unit;
  }

  // ---- inspections -----------------------------------------------------------------------

  /**
   * Each finding opens a request with source INSPECTION (reporter: the inspector), routed
   * like a submission but kept inside the inspected subtree, all in one transaction.
   */
  async recordInspection(actor: Actor, input: RecordInspectionInput): Promise<Inspection> {
    this.policy.assertMaySupervise(actor, null);
    const unit = await this.readableUnit(actor, input.unitId);
    this.policy.assertMaySupervise(actor, unit.path);
    if (unit.archived) throw conflict('That unit is archived');
    if (input.conductedAt.getTime() > Date.now() + 60_000) throw badInput('conductedAt', 'conductedAt lies in the future');
    return this.tx.run(async (tx) => {
      const id = await this.repo.insertInspection(
        { unitId: unit.id, inspector: actor.userId, covert: input.covert, conductedAt: input.conductedAt, note: input.note ?? null },
        tx,
      );
      for (const [i, finding] of input.findings.entries()) {
        const request = await this.requests.submitWithSource(
          actor,
          {
            categoryCode: finding.categoryCode,
            description: finding.description,
            location: finding.location ?? null,
            courtyardId: finding.courtyardId ?? null,
          },
          { source: RequestSource.INSPECTION, within: { path: unit.path, field: `findings.${i}` }, holdAtUnitId: unit.id },
          tx,
        );
        await this.repo.insertFinding(
          { inspectionId: id, position: i, description: finding.description, severity: finding.severity, location: finding.location ?? null, requestId: request.dbId },
          tx,
        );
      }
      await this.audit.record(
        {
          action: 'INSPECTION_RECORDED',
          actor,
          targetType: 'Inspection',
          targetId: id,
          unitPath: unit.path,
          summary: { unitId: unit.id, covert: input.covert, conductedAt: input.conductedAt, findings: input.findings.length },
        },
        tx,
      );
      const [row] = await this.repo.inspectionsByIds([id], tx);
      return Inspection.from(row);
    });
  }

  /** An inspection as the caller may see it: in their scope, and not a covert one hidden from them. */
  async visibleInspection(loaders: RequestLoaders, actor: Actor, dbId: string): Promise<Inspection | null> {
    if (!this.readsAny(actor)) return null;
    const row = await loaders
      .get<string, InspectionRow | undefined>('assessment.inspection', async (ids) => {
        const rows = await this.repo.inspectionsByIds(ids);
        return ids.map((id) => rows.find((r) => r.id === id));
      })
      .load(dbId);
    if (!row || !this.policy.readsAssessmentOf(actor, row.unit_path)) return null;
    if (await this.concealed(loaders, actor, dbId)) return null;
    return Inspection.from(row);
  }

  private readsAny(actor: Actor): boolean {
    try {
      this.policy.assessmentScope(actor);
      return true;
    } catch {
      return false;
    }
  }

  /** Whether a covert inspection is still hidden from this caller (README "Inspections"). */
  concealed(loaders: RequestLoaders, actor: Actor, inspectionDbId: string): Promise<boolean> {
    const scope = this.assessment.concealFrom(actor);
    if (!scope) return Promise.resolve(false);
    return loaders
      .get<string, boolean>(`assessment.concealed:${scope}`, async (ids) => {
        const hidden = await this.repo.concealedInspections(ids, scope);
        return ids.map((id) => hidden.has(id));
      })
      .load(inspectionDbId);
  }

  /** For RequestDisclosure: a request opened by a finding of an inspection hidden from the caller. */
  async concealsRequest(loaders: RequestLoaders, actor: Actor, requestDbId: string): Promise<boolean> {
    if (!this.assessment.concealFrom(actor)) return false;
    const inspectionId = await loaders
      .get<string, string | null>('assessment.inspectionOfRequest', async (ids) => {
        const rows = await this.repo.inspectionsOfRequests(ids);
        return ids.map((id) => rows.find((r) => r.request_id === id)?.inspection_id ?? null);
      })
      .load(requestDbId);
    return inspectionId !== null && this.concealed(loaders, actor, inspectionId);
  }

  async inspections(actor: Actor, args: InspectionsArgs): Promise<Connection<Inspection>> {
    const scopePath = this.policy.assessmentScope(actor);
    const page = pageRequest(args, isTimeIdCursor);
    const unitPath = args.unitId ? (await this.readableUnit(actor, args.unitId)).path : null;
    const filter = { scopePath, unitPath, from: args.from ?? null, to: args.to ?? null, concealFrom: this.assessment.concealFrom(actor) };
    const rows = await this.repo.listInspections(filter, page.after, page.limit);
    return toConnection(rows, page, () => this.repo.countInspections(filter), (r) => [r.k, r.id], Inspection.from);
  }

  findings(loaders: RequestLoaders, inspection: Inspection): Promise<InspectionFinding[]> {
    return loaders
      .get<string, FindingRow[]>('assessment.findings', async (ids) => {
        const rows = await this.repo.findingsOf(ids);
        return ids.map((id) => rows.filter((r) => r.inspection_id === id));
      })
      .load(inspection.row.id)
      .then((rows) => rows.map(InspectionFinding.from));
  }

  // ---- notices ---------------------------------------------------------------------------

  private visibleNoticeRow(actor: Actor, row: NoticeRow): boolean {
    if (row.issued_by === actor.userId) return true;
    return row.unit_paths.some((path) => this.policy.readsAssessmentOf(actor, path));
  }

  async issueNotice(actor: Actor, input: IssueProblemNoticeInput): Promise<ProblemNotice> {
    this.policy.assertMaySupervise(actor, null);
    const unitIds: string[] = [];
    for (const id of new Set(input.unitIds)) {
      const unit = await this.readableUnit(actor, id);
      this.policy.assertMaySupervise(actor, unit.path);
      unitIds.push(unit.id);
    }
    const requestIds = [...new Set((input.requestIds ?? []).map((id) => dbIdOf(id, 'ServiceRequest') ?? '0'))];
    return this.tx.run(async (tx) => {
      const visible = await this.requests.visibleRequestIds(actor, requestIds, tx);
      if (visible.length !== requestIds.length) throw notFound('Service request');
      const year = Number(new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 4));
      const number = await this.repo.nextNoticeNumber(year, tx);
      const id = await this.repo.insertNotice(
        { number, title: input.title, body: input.body, by: actor.userId, rectifyBy: input.rectifyBy, unitIds, requestIds },
        tx,
      );
      await this.audit.record(
        { action: 'NOTICE_ISSUED', actor, targetType: 'ProblemNotice', targetId: id, summary: { number, units: unitIds, requests: requestIds } },
        tx,
      );
      return ProblemNotice.from((await this.repo.noticesByIds([id], tx))[0]);
    });
  }

  /** Staff in scope of the notified unit respond, once per unit; late after rectifyBy. */
  async respond(actor: Actor, input: RespondToNoticeInput): Promise<ProblemNotice> {
    if (!this.policy.isStaff(actor)) {
      this.policy.assessmentScope(actor);
      throw forbidden('Only the staff of a notified unit respond to a notice');
    }
    return this.tx.run(async (tx) => {
      const dbId = dbIdOf(input.noticeId, 'ProblemNotice');
      const notice = dbId ? await this.repo.lockNotice(dbId, tx) : undefined;
      if (!notice || !this.visibleNoticeRow(actor, notice)) throw notFound('Problem notice');
      const unitId = dbIdOf(input.unitId, 'OrgUnit');
      const at = unitId ? notice.unit_ids.indexOf(unitId) : -1;
      if (at < 0 || !this.policy.coversUnit(actor, notice.unit_paths[at])) throw notFound('Org unit');
      if (notice.closed_at) throw conflict('The notice is closed');
      if (!(await this.repo.insertResponse({ noticeId: notice.id, unitId: unitId!, report: input.report, by: actor.userId }, tx))) {
        throw conflict('That unit has responded already');
      }
      await this.audit.record(
        { action: 'NOTICE_RESPONDED', actor, targetType: 'ProblemNotice', targetId: notice.id, unitPath: notice.unit_paths[at], summary: { number: notice.number, unitId } },
        tx,
      );
      return ProblemNotice.from((await this.repo.noticesByIds([notice.id], tx))[0]);
    });
  }

  /** Its issuer or a CITY_ADMIN closes a notice every unit responded to. */
  async close(actor: Actor, input: NoticeIdInput): Promise<ProblemNotice> {
    this.policy.assessmentScope(actor);
    return this.tx.run(async (tx) => {
      const dbId = dbIdOf(input.noticeId, 'ProblemNotice');
      const notice = dbId ? await this.repo.lockNotice(dbId, tx) : undefined;
      if (!notice || !this.visibleNoticeRow(actor, notice)) throw notFound('Problem notice');
      if (actor.role !== Role.CITY_ADMIN && notice.issued_by !== actor.userId) throw forbidden('Only its issuer or a city admin closes a notice');
      if (notice.status !== 'RESPONDED') throw conflict(`A ${notice.status} notice cannot be closed`);
      await this.repo.closeNotice(notice.id, actor.userId, tx);
      await this.audit.record({ action: 'NOTICE_CLOSED', actor, targetType: 'ProblemNotice', targetId: notice.id, summary: { number: notice.number } }, tx);
      return ProblemNotice.from((await this.repo.noticesByIds([notice.id], tx))[0]);
    });
  }

  async visibleNotice(actor: Actor, dbId: string): Promise<ProblemNotice | null> {
    if (!this.readsAny(actor)) return null;
    const [row] = await this.repo.noticesByIds([dbId]);
    return row && this.visibleNoticeRow(actor, row) ? ProblemNotice.from(row) : null;
  }

  async notices(actor: Actor, args: ProblemNoticesArgs): Promise<Connection<ProblemNotice>> {
    const scopePath = this.policy.assessmentScope(actor);
    const page = pageRequest(args, isTimeIdCursor);
    const unitPath = args.unitId ? (await this.readableUnit(actor, args.unitId)).path : null;
    const filter = { scopePath, userId: actor.userId, unitPath, statuses: args.status ?? null };
    const rows = await this.repo.listNotices(filter, page.after, page.limit);
    return toConnection(rows, page, () => this.repo.countNotices(filter), (r) => [r.k, r.id], ProblemNotice.from);
  }

  // ---- negative list ---------------------------------------------------------------------

  async items(actor: Actor): Promise<NegativeListItem[]> {
    this.policy.assessmentScope(actor);
    return (await this.repo.items()).map(NegativeListItem.from);
  }

  async upsertItem(actor: Actor, input: UpsertNegativeListItemInput): Promise<NegativeListItem> {
    this.policy.assertCityAdmin(actor, 'keeps the negative list');
    return this.tx.run(async (tx) => {
      const row = await this.repo.upsertItem({ code: input.code, description: input.description, deduction: input.deduction, veto: input.veto }, tx);
      await this.audit.record({ action: 'NEGATIVE_ITEM_UPSERTED', actor, targetType: 'NegativeListItem', targetId: row.code, summary: { ...input } }, tx);
      return NegativeListItem.from(row);
    });
  }

  async recordEntry(actor: Actor, input: RecordNegativeEntryInput): Promise<NegativeListEntry> {
    this.policy.assertMaySupervise(actor, null);
    const unit = await this.readableUnit(actor, input.unitId);
    this.policy.assertMaySupervise(actor, unit.path);
    return this.tx.run(async (tx) => {
      const item = await this.repo.itemByCode(input.itemCode, tx);
      if (!item) throw badInput('itemCode', 'No such negative-list item');
      const id = await this.repo.insertEntry({ unitId: unit.id, itemCode: item.code, occurredAt: input.occurredAt, note: input.note, by: actor.userId }, tx);
      await this.audit.record(
        { action: 'NEGATIVE_ENTRY_RECORDED', actor, targetType: 'NegativeListEntry', targetId: id, unitPath: unit.path, summary: { itemCode: item.code, occurredAt: input.occurredAt } },
        tx,
      );
      return NegativeListEntry.from((await this.repo.entriesByIds([id], tx))[0]);
    });
  }

  async revokeEntry(actor: Actor, input: RevokeNegativeEntryInput): Promise<NegativeListEntry> {
    this.policy.assertMaySupervise(actor, null);
    return this.tx.run(async (tx) => {
      const dbId = dbIdOf(input.entryId, 'NegativeListEntry');
      const entry = dbId ? await this.repo.lockEntry(dbId, tx) : undefined;
      if (!entry || !this.policy.readsAssessmentOf(actor, entry.unit_path)) throw notFound('Negative-list entry');
      if (entry.revoked) throw conflict('The entry is revoked already');
      await this.repo.revokeEntry(entry.id, input.reason, actor.userId, tx);
      await this.audit.record(
        { action: 'NEGATIVE_ENTRY_REVOKED', actor, targetType: 'NegativeListEntry', targetId: entry.id, unitPath: entry.unit_path, summary: { reason: input.reason } },
        tx,
      );
      return NegativeListEntry.from((await this.repo.entriesByIds([entry.id], tx))[0]);
    });
  }

  async visibleEntry(actor: Actor, dbId: string): Promise<NegativeListEntry | null> {
    if (!this.readsAny(actor)) return null;
    const [row] = await this.repo.entriesByIds([dbId]);
    return row && this.policy.readsAssessmentOf(actor, row.unit_path) ? NegativeListEntry.from(row) : null;
  }

  async entries(actor: Actor, args: NegativeListEntriesArgs): Promise<Connection<NegativeListEntry>> {
    const scopePath = this.policy.assessmentScope(actor);
    const page = pageRequest(args, isTimeIdCursor);
    const unitPath = args.unitId ? (await this.readableUnit(actor, args.unitId)).path : null;
    const filter = { scopePath, unitPath, from: args.from ?? null, to: args.to ?? null, includeRevoked: args.includeRevoked ?? false };
    const rows = await this.repo.listEntries(filter, page.after, page.limit);
    return toConnection(rows, page, () => this.repo.countEntries(filter), (r) => [r.k, r.id], NegativeListEntry.from);
  }
}
