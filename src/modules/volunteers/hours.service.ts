import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor.js';
import { Policy } from '../../common/auth/policy.js';
import { badInput, conflict, forbidden, notFound } from '../../common/errors/domain-error.js';
import { dbIdOf } from '../../common/graphql/global-id.js';
import type { RequestLoaders } from '../../common/loaders/request-loaders.js';
import { isIdKey, pageRequest, toConnection, type Connection, type PageArgs } from '../../common/paging/paging.js';
import { Transactions } from '../../database/transactions.js';
import { RequestFactsService } from '../requests/index.js';
import { activityTenths } from './activities.service.js';
import type { BackfillHoursInput, CorrectHoursInput, CreditRequestHoursInput, DecideHoursInput, PendingHoursArgs } from './dtos/volunteer.inputs.js';
import { toTenths } from './tenths.js';
import { HoursSource, HoursStatus, VolunteerHoursEntry, type HoursRow, type OrgRow, type VolunteerRow } from './volunteer.models.js';
import { VolunteersLoaders } from './volunteers.loaders.js';
import { VolunteersRepository } from './volunteers.repository.js';
import { orgFacts, volunteerFacts, VolunteersService } from './volunteers.service.js';
import { shanghaiDate } from '../calendar/index.js';

const BACKFILL_MAX_TENTHS = 240;
/** A correction moves an entry by at most what any entry can hold (a back-fill's 24 h, a long activity's more). */
const CORRECTION_MAX_TENTHS = 100_000;
const EARLIEST_SERVICE_DATE = '2000-01-01';
const REQUEST_CREDIT_MAX_TENTHS = 80;

/** Hours as tenths, or BAD_USER_INPUT on `hours`. */
function tenthsOf(hours: number): number {
  const tenths = toTenths(hours);
  if (tenths === null) throw badInput('hours', 'hours must be a multiple of 0.1');
  return tenths;
}

/**
 * The hours ledger (志愿服务记录): entries are appended, never edited; a back-fill waits for
 * someone else's decision, a mistake is fixed by a CORRECTION. Every write locks the
 * volunteer first, so the per-activity cap and the "not below zero" rule see every entry.
 */
@Injectable()
export class HoursService {
  constructor(
    private readonly repo: VolunteersRepository,
    private readonly loaders: VolunteersLoaders,
    private readonly volunteers: VolunteersService,
    private readonly requests: RequestFactsService,
    private readonly policy: Policy,
    private readonly tx: Transactions,
  ) {}

  // ---- reads ----------------------------------------------------------------------------------

  /** Whoever sees the volunteer sees their ledger; an organiser of the entry's organisation sees the entry. */
  async visible(loaders: RequestLoaders, actor: Actor, dbId: string): Promise<VolunteerHoursEntry | null> {
    const row = await this.loaders.entry(loaders).load(dbId);
    if (!row) return null;
    const volunteer = await this.loaders.volunteer(loaders).load(row.volunteer_id);
    if (volunteer && this.volunteers.seesVolunteerRow(actor, volunteer)) return VolunteerHoursEntry.from(row);
    const org = row.org_id ? await this.loaders.org(loaders).load(row.org_id) : undefined;
    return org && this.policy.managesVolunteerOrg(actor, orgFacts(org)) ? VolunteerHoursEntry.from(row) : null;
  }

  /** A page of a volunteer's ledger, batched with the other volunteers of the same answer. */
  async ofVolunteer(loaders: RequestLoaders, volunteerDbId: string, args: PageArgs): Promise<Connection<VolunteerHoursEntry>> {
    const page = pageRequest(args, isIdKey);
    const rows = await this.loaders.hoursPage(loaders, page).load(volunteerDbId);
    return toConnection(rows, page, () => this.loaders.hoursCount(loaders).load(volunteerDbId), (r) => r.id, VolunteerHoursEntry.from);
  }

  async pending(actor: Actor, args: PendingHoursArgs): Promise<Connection<VolunteerHoursEntry>> {
    const page = pageRequest(args, isIdKey);
    let unitPath: string | null = null;
    if (args.unitId) {
      const id = dbIdOf(args.unitId, 'OrgUnit');
      const unit = id ? await this.repo.unitFacts(id) : undefined;
      if (!unit) return toConnection([], page, 0, () => '', VolunteerHoursEntry.from);
      unitPath = unit.path;
    }
    const vis = this.policy.volunteerVisibility(actor);
    const rows = await this.repo.pendingPage(vis, unitPath, page);
    return toConnection(rows, page, () => this.repo.countPending(vis, unitPath), (r) => r.id, VolunteerHoursEntry.from);
  }

  /** Hours credited for a request, only entries whose volunteer the caller may see. */
  async ofRequest(loaders: RequestLoaders, actor: Actor, requestDbId: string): Promise<VolunteerHoursEntry[]> {
    const rows = await this.loaders.entriesOfRequest(loaders).load(requestDbId);
    const out: VolunteerHoursEntry[] = [];
    for (const row of rows) {
      const volunteer = await this.loaders.volunteer(loaders).load(row.volunteer_id);
      if (volunteer && this.volunteers.seesVolunteerRow(actor, volunteer)) out.push(VolunteerHoursEntry.from(row));
    }
    return out;
  }

  // ---- changes --------------------------------------------------------------------------------

  /** 补录 by an organiser of the organisation: PENDING until someone else decides it. */
  async backfill(actor: Actor, input: BackfillHoursInput): Promise<VolunteerHoursEntry> {
    const tenths = tenthsOf(input.hours);
    if (tenths < 1 || tenths > BACKFILL_MAX_TENTHS) throw badInput('hours', 'A back-fill is 0.1-24 hours');
    const day = new Date(`${input.serviceDate}T00:00:00Z`);
    if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== input.serviceDate) throw badInput('serviceDate', 'serviceDate is not a date');
    if (input.serviceDate > shanghaiDate(new Date())) throw badInput('serviceDate', 'serviceDate may not lie in the future');
    if (input.serviceDate < EARLIEST_SERVICE_DATE) throw badInput('serviceDate', `serviceDate may not lie before ${EARLIEST_SERVICE_DATE}`);
    return this.tx.run(async (tx) => {
      const orgId = dbIdOf(input.organizationId, 'VolunteerOrganization');
      const [org] = orgId ? await this.repo.orgsByIds([orgId], tx) : [];
      if (!org) throw notFound('Volunteer organisation');
      if (!this.policy.managesVolunteerOrg(actor, orgFacts(org))) throw forbidden('Only its managers and staff in scope back-fill hours for an organisation');
      const volunteer = await this.volunteers.lockVolunteer(input.volunteerId, tx);
      let activityId: string | null = null;
      if (input.activityId) {
        const id = dbIdOf(input.activityId, 'VolunteerActivity');
        const [activity] = id ? await this.repo.activitiesByIds([id], tx) : [];
        if (!activity) throw notFound('Volunteer activity');
        if (activity.org_id !== org.id) throw badInput('activityId', 'The activity belongs to another organisation');
        await this.assertWithinActivity(volunteer.id, activity, tenths, tx);
        activityId = activity.id;
      }
      const row = await this.repo.insertEntry(
        {
          volunteerId: volunteer.id,
          tenths,
          source: HoursSource.BACKFILL,
          status: HoursStatus.PENDING,
          serviceDate: input.serviceDate,
          description: input.description,
          orgId: org.id,
          activityId,
          serviceRequestId: null,
          correctsId: null,
          recordedBy: actor.userId,
          note: null,
        },
        tx,
      );
      return VolunteerHoursEntry.from(row);
    });
  }

  /** Four eyes: someone with the organisation's right, not the recorder, approves or rejects once. */
  async decide(actor: Actor, input: DecideHoursInput): Promise<VolunteerHoursEntry> {
    return this.tx.run(async (tx) => {
      const { entry, volunteer, org } = await this.entryForOrganiser(actor, input.entryId, tx);
      if (entry.recorded_by_user_id === actor.userId) throw forbidden('The recorder of an entry may not decide it');
      if (entry.status !== HoursStatus.PENDING) throw conflict(`The entry is ${entry.status} already`);
      const decided = await this.repo.decideEntry(entry.id, input.approve ? HoursStatus.APPROVED : HoursStatus.REJECTED, actor.userId, input.note ?? null, tx);
      if (!decided) throw conflict('The entry was decided meanwhile');
      await this.volunteers.record(
        actor,
        'VOLUNTEER_HOURS_DECIDED',
        'VolunteerHoursEntry',
        entry.id,
        org?.unit_path ?? volunteer.unit_path,
        { volunteerId: volunteer.id, status: decided.status, tenths: decided.tenths },
        tx,
      );
      return VolunteerHoursEntry.from(decided);
    });
  }

  /** A signed change to an APPROVED entry, approved at once; the entry plus its corrections never goes below zero. */
  async correct(actor: Actor, input: CorrectHoursInput): Promise<VolunteerHoursEntry> {
    const tenths = tenthsOf(input.hours);
    if (tenths === 0 || Math.abs(tenths) > CORRECTION_MAX_TENTHS) throw badInput('hours', 'A correction changes the hours by 0.1-10000');
    return this.tx.run(async (tx) => {
      const { entry, volunteer, org } = await this.entryForOrganiser(actor, input.entryId, tx);
      if (entry.status !== HoursStatus.APPROVED) throw conflict('Only an APPROVED entry can be corrected');
      if (entry.source === HoursSource.CORRECTION) throw conflict('Correct the original entry, not a correction');
      const after = entry.tenths + (await this.repo.correctionsTenths(entry.id, tx)) + tenths;
      if (after < 0) throw badInput('hours', 'The entry and its corrections may not go below zero hours');
      if (entry.activity_id && tenths > 0) {
        const [activity] = await this.repo.activitiesByIds([entry.activity_id], tx);
        await this.assertWithinActivity(volunteer.id, activity, tenths, tx);
      }
      const row = await this.repo.insertEntry(
        {
          volunteerId: volunteer.id,
          tenths,
          source: HoursSource.CORRECTION,
          status: HoursStatus.APPROVED,
          serviceDate: entry.service_date,
          description: input.reason,
          orgId: entry.org_id,
          activityId: entry.activity_id,
          serviceRequestId: null,
          correctsId: entry.id,
          recordedBy: actor.userId,
          note: input.reason,
        },
        tx,
      );
      await this.volunteers.record(
        actor,
        'VOLUNTEER_HOURS_CORRECTED',
        'VolunteerHoursEntry',
        row.id,
        org?.unit_path ?? volunteer.unit_path,
        { volunteerId: volunteer.id, corrects: entry.id, tenths },
        tx,
      );
      return VolunteerHoursEntry.from(row);
    });
  }

  /** Staff in scope of a CLOSED request credit its last assignee's volunteer record, once. */
  async creditRequest(actor: Actor, input: CreditRequestHoursInput): Promise<VolunteerHoursEntry> {
    const tenths = tenthsOf(input.hours);
    if (tenths < 1 || tenths > REQUEST_CREDIT_MAX_TENTHS) throw badInput('hours', 'A request is credited 0.1-8 hours');
    return this.tx.run(async (tx) => {
      const requestId = dbIdOf(input.requestId, 'ServiceRequest');
      const request = requestId ? await this.requests.lock(requestId, tx) : undefined;
      if (!request || !this.policy.seesRequest(actor, request)) throw notFound('Service request');
      if (!this.policy.isStaffInScope(actor, request)) throw forbidden('Only staff in scope credit hours for a request');
      if (request.status !== 'CLOSED') throw conflict('Hours are credited for a CLOSED request only');
      const volunteer = await this.volunteers.lockVolunteer(input.volunteerId, tx);
      if (!volunteer.member_id || volunteer.member_id !== request.lastAssigneeMemberId) {
        throw badInput('volunteerId', "The volunteer is not linked to the request's last assignee");
      }
      if (await this.repo.requestCredited(request.id, tx)) throw conflict('Hours for that request are credited already');
      const row = await this.repo.insertEntry(
        {
          volunteerId: volunteer.id,
          tenths,
          source: HoursSource.SERVICE_REQUEST,
          status: HoursStatus.APPROVED,
          serviceDate: shanghaiDate(new Date()),
          description: null,
          orgId: null,
          activityId: null,
          serviceRequestId: request.id,
          correctsId: null,
          recordedBy: actor.userId,
          note: null,
        },
        tx,
      );
      return VolunteerHoursEntry.from(row);
    });
  }

  // ---- helpers --------------------------------------------------------------------------------

  /**
   * The entry, its volunteer (locked) and organisation, for someone with the right to record
   * for that organisation (its managers, staff in scope of its unit; for an entry of no
   * organisation, staff in scope of the volunteer's unit). Hidden: NOT_FOUND; seen: FORBIDDEN.
   */
  private async entryForOrganiser(actor: Actor, globalId: string, tx: EntityManager): Promise<{ entry: HoursRow; volunteer: VolunteerRow; org: OrgRow | undefined }> {
    const id = dbIdOf(globalId, 'VolunteerHoursEntry');
    const [found] = id ? await this.repo.entriesByIds([id], tx) : [];
    if (!found) throw notFound('Hours entry');
    const volunteer = (await this.repo.lockVolunteer(found.volunteer_id, tx))!;
    const [entry] = await this.repo.entriesByIds([found.id], tx);
    const [org] = entry.org_id ? await this.repo.orgsByIds([entry.org_id], tx) : [];
    const organiser = org ? this.policy.managesVolunteerOrg(actor, orgFacts(org)) : this.policy.isStaff(actor) && this.policy.coversUnit(actor, volunteer.unit_path);
    if (!organiser) {
      if (!this.policy.seesVolunteer(actor, volunteerFacts(volunteer))) throw notFound('Hours entry');
      throw forbidden('Only an organiser of its organisation may do this');
    }
    return { entry, volunteer, org };
  }

  private async assertWithinActivity(volunteerId: string, activity: { id: string; starts_at: Date; ends_at: Date }, tenths: number, tx: EntityManager): Promise<void> {
    const cap = activityTenths(activity);
    if (tenths > cap) throw badInput('hours', "hours may not exceed the activity's length");
    const live = await this.repo.liveTenthsForActivity(volunteerId, activity.id, tx);
    if (live + tenths > cap) throw badInput('hours', "The volunteer's hours for this activity would exceed its length");
  }
}
