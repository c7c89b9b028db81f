import { randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor.js';
import { isWithin, Policy } from '../../common/auth/policy.js';
import { badInput, conflict, DomainError, ErrorCode, forbidden, notFound } from '../../common/errors/domain-error.js';
import { dbIdOf } from '../../common/graphql/global-id.js';
import type { RequestLoaders } from '../../common/loaders/request-loaders.js';
import { isIdKey, pageRequest, toConnection, type Connection, type PageArgs } from '../../common/paging/paging.js';
import { Transactions } from '../../database/transactions.js';
import type {
  CheckInInput,
  CreateVolunteerActivityInput,
  SignUpInput,
  UpdateVolunteerActivityInput,
  VolunteerActivitiesArgs,
} from './dtos/volunteer.inputs.js';
import { ActivityStatus, HoursSource, HoursStatus, SignupStatus, VolunteerActivity, VolunteerSignup, type ActivityRow, type SignupRow, type VolunteerRow } from './volunteer.models.js';
import { VolunteersLoaders } from './volunteers.loaders.js';
import { VolunteersRepository } from './volunteers.repository.js';
import { VolunteersService } from './volunteers.service.js';
import { shanghaiDate } from '../calendar/index.js';

const MINUTE = 60_000;
const CHECK_IN_OPENS_BEFORE_MS = 30 * MINUTE;
const CHECK_OUT_CLOSES_AFTER_MS = 120 * MINUTE;
export const WRONG_CODES_ALLOWED = 5;
export const WRONG_CODE_LOCK_MINUTES = 10;
const TENTH_MS = 360_000;

/** The activity's length in tenths of an hour: the most one volunteer may have for it. */
export const activityTenths = (a: { starts_at: Date; ends_at: Date }) => Math.floor((a.ends_at.getTime() - a.starts_at.getTime()) / TENTH_MS);

/** Thrown inside the transaction so that the wrong code is recorded after its rollback. */
class WrongCode extends Error {
  constructor(readonly signupId: string) {
    super('wrong check-in code');
  }
}

const isActivityCursor = (key: unknown): key is [string, string] =>
  Array.isArray(key) && key.length === 2 && typeof key[0] === 'string' && key[0].length <= 40 && typeof key[1] === 'string' && /^\d{1,19}$/.test(key[1]);

/** Activities, sign-ups and check-in/out; check-out writes the CHECK_IN entry of the ledger. */
@Injectable()
export class ActivitiesService {
  constructor(
    private readonly repo: VolunteersRepository,
    private readonly loaders: VolunteersLoaders,
    private readonly volunteers: VolunteersService,
    private readonly policy: Policy,
    private readonly tx: Transactions,
  ) {}

  /** Organisers: the organisation's named managers and staff in scope of its unit. */
  organises(actor: Actor, a: ActivityRow): boolean {
    return this.policy.managesVolunteerOrg(actor, { unitPath: a.org_unit_path, managerUserIds: a.org_manager_ids });
  }

  /** PUBLISHED ones by everyone signed in; the rest by organisers, staff in scope of where it is held, and participants. */
  private seenWithoutSignup(actor: Actor, a: ActivityRow): boolean {
    return a.status === ActivityStatus.PUBLISHED || this.organises(actor, a) || this.policy.coversUnit(actor, a.unit_path);
  }

  /** Inside a change: read in its transaction. */
  private async sees(actor: Actor, a: ActivityRow, tx: EntityManager): Promise<boolean> {
    if (this.seenWithoutSignup(actor, a)) return true;
    const own = await this.repo.volunteerOfUser(actor.userId, tx);
    return !!own && !!(await this.repo.signupOf(a.id, own.id, tx));
  }

  async visible(loaders: RequestLoaders, actor: Actor, dbId: string): Promise<VolunteerActivity | null> {
    const row = await this.loaders.activity(loaders).load(dbId);
    if (!row) return null;
    if (this.seenWithoutSignup(actor, row)) return VolunteerActivity.from(row);
    const own = await this.loaders.ofUser(loaders).load(actor.userId);
    const signup = own ? await this.loaders.signupOf(loaders).load(`${row.id}:${own.id}`) : undefined;
    return signup ? VolunteerActivity.from(row) : null;
  }

  async list(actor: Actor, args: VolunteerActivitiesArgs): Promise<Connection<VolunteerActivity>> {
    const page = pageRequest(args, isActivityCursor);
    const empty = () => toConnection([], page, 0, () => '', VolunteerActivity.from);
    let unitPath: string | null = null;
    if (args.unitId) {
      const id = dbIdOf(args.unitId, 'OrgUnit');
      const unit = id ? await this.repo.unitFacts(id) : undefined;
      if (!unit) return empty();
      unitPath = unit.path;
    }
    let orgId: string | null = null;
    if (args.organizationId) {
      orgId = dbIdOf(args.organizationId, 'VolunteerOrganization');
      if (!orgId) return empty();
    }
    const filter = { unitPath, orgId, statuses: args.status ?? null, startsAfter: args.startsAfter ?? null };
    const vis = this.policy.volunteerVisibility(actor);
    const rows = await this.repo.listActivities(vis, filter, page.after, page.limit);
    return toConnection(rows, page, () => this.repo.countActivities(vis, filter), (r) => [r.starts_at.toISOString(), r.id], VolunteerActivity.from);
  }

  /** The caller's own sign-up only, unless they organise the activity. */
  async signups(loaders: RequestLoaders, actor: Actor, activity: VolunteerActivity, args: PageArgs): Promise<Connection<VolunteerSignup>> {
    const page = pageRequest(args, isIdKey);
    let only: string | null = null;
    if (!this.organises(actor, activity.row)) {
      const own = await this.loaders.ofUser(loaders).load(actor.userId);
      if (!own) return toConnection([], page, 0, () => '', VolunteerSignup.from);
      only = own.id;
    }
    const rows = await this.loaders.signupPage(loaders, only, page).load(activity.row.id);
    return toConnection(rows, page, () => this.loaders.signupCount(loaders, only).load(activity.row.id), (r) => r.id, VolunteerSignup.from);
  }

  async signupVisible(loaders: RequestLoaders, actor: Actor, dbId: string): Promise<VolunteerSignup | null> {
    const row = await this.loaders.signup(loaders).load(dbId);
    if (!row) return null;
    const activity = await this.loaders.activity(loaders).load(row.activity_id);
    const volunteer = await this.loaders.volunteer(loaders).load(row.volunteer_id);
    const mine = volunteer?.user_id === actor.userId;
    return activity && (mine || this.organises(actor, activity)) ? VolunteerSignup.from(row) : null;
  }

  checkInCodeFor(actor: Actor, activity: VolunteerActivity): string | null {
    return this.organises(actor, activity.row) ? activity.row.check_in_code : null;
  }

  // ---- changes --------------------------------------------------------------------------------

  async create(actor: Actor, input: CreateVolunteerActivityInput): Promise<VolunteerActivity> {
    return this.tx.run(async (tx) => {
      const orgId = dbIdOf(input.organizationId, 'VolunteerOrganization');
      const [org] = orgId ? await this.repo.orgsByIds([orgId], tx) : [];
      if (!org) throw notFound('Volunteer organisation');
      if (!this.policy.managesVolunteerOrg(actor, { unitPath: org.unit_path, managerUserIds: org.manager_ids })) {
        throw forbidden('Only its managers and staff in scope publish activities of an organisation');
      }
      if (!org.active) throw conflict('The organisation is inactive');
      const unit = await this.volunteers.liveUnit(input.unitId, tx);
      if (!isWithin(unit.path, org.unit_path)) throw badInput('unitId', "The activity must be held in the organisation's unit's subtree");
      if (input.endsAt <= input.startsAt) throw badInput('endsAt', 'endsAt must be after startsAt');
      const id = await this.repo.insertActivity(
        {
          orgId: org.id,
          unitId: unit.id,
          title: input.title,
          description: input.description ?? null,
          lat: input.location?.lat ?? null,
          lng: input.location?.lng ?? null,
          address: input.address ?? null,
          startsAt: input.startsAt,
          endsAt: input.endsAt,
          capacity: input.capacity,
          code: String(randomInt(0, 1_000_000)).padStart(6, '0'),
        },
        tx,
      );
      const [row] = await this.repo.activitiesByIds([id], tx);
      return VolunteerActivity.from(row);
    });
  }

  async update(actor: Actor, input: UpdateVolunteerActivityInput): Promise<VolunteerActivity> {
    return this.tx.run(async (tx) => {
      const a = await this.lockForOrganiser(actor, input.id, tx);
      if (input.expectedVersion != null && input.expectedVersion !== a.version) throw conflict('The activity changed meanwhile (stale expectedVersion)');
      if (a.status !== ActivityStatus.PUBLISHED) throw conflict(`The activity is ${a.status}`);
      const startsAt = input.startsAt ?? a.starts_at;
      const endsAt = input.endsAt ?? a.ends_at;
      if (endsAt <= startsAt) throw badInput(input.endsAt ? 'endsAt' : 'startsAt', 'endsAt must be after startsAt');
      const capacity = input.capacity ?? a.capacity;
      if (capacity < a.signup_count) throw badInput('capacity', `capacity may not go below the ${a.signup_count} sign-ups`);
      await this.repo.updateActivity(
        a.id,
        {
          title: input.title ?? a.title,
          description: input.description === undefined ? a.description : input.description,
          address: input.address === undefined ? a.address : input.address,
          startsAt,
          endsAt,
          capacity,
          status: a.status,
        },
        tx,
      );
      return VolunteerActivity.from((await this.repo.activitiesByIds([a.id], tx))[0]);
    });
  }

  async setStatus(actor: Actor, activityId: string, status: ActivityStatus.CLOSED | ActivityStatus.CANCELLED): Promise<VolunteerActivity> {
    return this.tx.run(async (tx) => {
      const a = await this.lockForOrganiser(actor, activityId, tx);
      if (a.status !== ActivityStatus.PUBLISHED) throw conflict(`The activity is ${a.status} already`);
      await this.repo.updateActivity(a.id, { title: a.title, description: a.description, address: a.address, startsAt: a.starts_at, endsAt: a.ends_at, capacity: a.capacity, status }, tx);
      return VolunteerActivity.from((await this.repo.activitiesByIds([a.id], tx))[0]);
    });
  }

  /**
   * Signs up the caller's own volunteer record, or (an organiser, 代签) the named one. The
   * activity row is locked first, so sign-ups of one activity take turns; the database's
   * CHECK on the counted sign-ups refuses an overfull activity whatever happens.
   */
  async signUp(actor: Actor, input: SignUpInput): Promise<VolunteerSignup> {
    return this.tx.run(async (tx) => {
      const { activity, volunteer } = await this.participant(actor, input, tx);
      if (activity.status !== ActivityStatus.PUBLISHED) throw conflict(`The activity is ${activity.status}`);
      if (Date.now() >= activity.ends_at.getTime()) throw conflict('The activity has ended');
      if (!volunteer.active) throw conflict('The volunteer is inactive');
      const existing = await this.repo.signupOf(activity.id, volunteer.id, tx);
      if (existing && existing.status !== SignupStatus.CANCELLED) throw conflict('Signed up already');
      if (activity.signup_count >= activity.capacity) throw conflict('The activity is full');
      const row = existing
        ? await this.repo.setSignup(existing.id, SignupStatus.SIGNED_UP, null, null, tx)
        : await this.repo.insertSignup(activity.id, volunteer.id, tx);
      return VolunteerSignup.from(row);
    });
  }

  async cancelSignup(actor: Actor, input: SignUpInput): Promise<VolunteerSignup> {
    return this.tx.run(async (tx) => {
      const { activity, volunteer } = await this.participant(actor, input, tx);
      const signup = await this.repo.signupOf(activity.id, volunteer.id, tx);
      if (!signup) throw notFound('Sign-up');
      if (signup.status !== SignupStatus.SIGNED_UP) throw conflict(`The sign-up is ${signup.status}`);
      if (Date.now() >= activity.starts_at.getTime()) throw conflict('The activity has started; a sign-up can no longer be cancelled');
      return VolunteerSignup.from(await this.repo.setSignup(signup.id, SignupStatus.CANCELLED, null, null, tx));
    });
  }

  checkIn(actor: Actor, input: CheckInInput): Promise<VolunteerSignup> {
    return this.withCode(actor, input, async (activity, signup, tx) => {
      if (signup.status !== SignupStatus.SIGNED_UP) throw conflict(`The sign-up is ${signup.status}`);
      if (activity.status !== ActivityStatus.PUBLISHED) throw conflict(`The activity is ${activity.status}`);
      const now = Date.now();
      if (now < activity.starts_at.getTime() - CHECK_IN_OPENS_BEFORE_MS || now > activity.ends_at.getTime()) {
        throw conflict('Check-in is open from 30 minutes before the start until the end');
      }
      return this.repo.setSignup(signup.id, SignupStatus.CHECKED_IN, new Date(now), null, tx);
    });
  }

  checkOut(actor: Actor, input: CheckInInput): Promise<VolunteerSignup> {
    return this.withCode(actor, input, async (activity, signup, tx) => {
      if (signup.status !== SignupStatus.CHECKED_IN) throw conflict(`The sign-up is ${signup.status}`);
      const now = new Date();
      if (now.getTime() > activity.ends_at.getTime() + CHECK_OUT_CLOSES_AFTER_MS) throw conflict('Check-out closed 2 hours after the end');
      return this.complete(signup, activity, activity.org_id, now, tx);
    });
  }

  /**
   * Checks a sign-up out at `outAt` and records its CHECK_IN entry: the overlap of the
   * check-in period with the activity, rounded down to a tenth, at most what is left of the
   * activity's length for this volunteer.
   */
  async complete(signup: SignupRow, activity: { id: string; starts_at: Date; ends_at: Date }, orgId: string, outAt: Date, tx: EntityManager): Promise<SignupRow> {
    const inAt = signup.checked_in_at!;
    const from = Math.max(inAt.getTime(), activity.starts_at.getTime());
    const to = Math.min(outAt.getTime(), activity.ends_at.getTime());
    const overlap = Math.max(0, Math.floor((to - from) / TENTH_MS));
    await this.repo.lockVolunteer(signup.volunteer_id, tx);
    const left = activityTenths(activity) - (await this.repo.liveTenthsForActivity(signup.volunteer_id, activity.id, tx));
    const tenths = Math.min(overlap, Math.max(0, left));
    if (tenths > 0) {
      await this.repo.insertEntry(
        {
          volunteerId: signup.volunteer_id,
          tenths,
          source: HoursSource.CHECK_IN,
          status: HoursStatus.APPROVED,
          serviceDate: shanghaiDate(new Date(from)),
          description: null,
          orgId,
          activityId: activity.id,
          serviceRequestId: null,
          correctsId: null,
          recordedBy: null,
          note: null,
        },
        tx,
      );
    }
    return this.repo.setSignup(signup.id, SignupStatus.COMPLETED, inAt, outAt < inAt ? inAt : outAt, tx);
  }

  // ---- helpers --------------------------------------------------------------------------------

  private async lockActivity(actor: Actor, globalId: string, tx: EntityManager): Promise<ActivityRow> {
    const id = dbIdOf(globalId, 'VolunteerActivity');
    const a = id ? await this.repo.lockActivity(id, tx) : undefined;
    if (!a || !(await this.sees(actor, a, tx))) throw notFound('Volunteer activity');
    return a;
  }

  private async lockForOrganiser(actor: Actor, globalId: string, tx: EntityManager): Promise<ActivityRow> {
    const a = await this.lockActivity(actor, globalId, tx);
    if (!this.organises(actor, a)) throw forbidden('Only its organisers change an activity');
    return a;
  }

  /** The activity (locked) and the volunteer acted for: the caller's own record, or an organiser's named one. */
  private async participant(actor: Actor, input: { activityId: string; volunteerId?: string | null }, tx: EntityManager): Promise<{ activity: ActivityRow; volunteer: VolunteerRow }> {
    const activity = await this.lockActivity(actor, input.activityId, tx);
    if (input.volunteerId) {
      if (!this.organises(actor, activity)) throw forbidden('Only an organiser acts for another volunteer');
      const id = dbIdOf(input.volunteerId, 'Volunteer');
      const [volunteer] = id ? await this.repo.volunteersByIds([id], tx) : [];
      if (!volunteer) throw notFound('Volunteer');
      return { activity, volunteer };
    }
    const volunteer = await this.repo.volunteerOfUser(actor.userId, tx);
    if (!volunteer) throw forbidden('Register as a volunteer first');
    return { activity, volunteer };
  }

  /**
   * Check-in and check-out: an organiser naming a volunteer needs no code; a participant gives
   * the activity's code. After 5 wrong codes on one sign-up, further tries are refused for 10
   * minutes; wrong codes are recorded outside the refused change, so its rollback keeps them.
   */
  private async withCode(
    actor: Actor,
    input: CheckInInput,
    act: (activity: ActivityRow, signup: SignupRow, tx: EntityManager) => Promise<SignupRow>,
  ): Promise<VolunteerSignup> {
    try {
      return await this.tx.run(async (tx) => {
        const { activity, volunteer } = await this.participant(actor, input, tx);
        const signup = await this.repo.signupOf(activity.id, volunteer.id, tx);
        if (!signup) throw notFound('Sign-up');
        if (!input.volunteerId) {
          if ((await this.repo.recentCodeFailures(signup.id, WRONG_CODE_LOCK_MINUTES, tx)) >= WRONG_CODES_ALLOWED) {
            throw new DomainError(ErrorCode.RATE_LIMITED, 'Too many wrong codes; try again in 10 minutes');
          }
          if (!input.code) throw badInput('code', 'Give the check-in code');
          if (input.code !== activity.check_in_code) throw new WrongCode(signup.id);
        }
        return VolunteerSignup.from(await act(activity, signup, tx));
      });
    } catch (error) {
      if (error instanceof WrongCode) {
        await this.repo.recordCodeFailure(error.signupId);
        throw badInput('code', 'Wrong check-in code');
      }
      throw error;
    }
  }
}
