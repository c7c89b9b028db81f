import { Injectable } from '@nestjs/common';
import { byKey, groupByKey, type RequestLoaders } from '../../common/loaders/request-loaders.js';
import type { PageRequest } from '../../common/paging/paging.js';
import { SharedRuns } from '../../common/shared-runs.js';
import { AppConfig } from '../../config/app-config.js';
import type { ActivityRow, AwardRow, CertificateRow, HoursRow, OrgRow, SignupRow, VolunteerRow } from './volunteer.models.js';
import { VolunteersRepository, type StatsRow } from './volunteers.repository.js';

/** The volunteer service's batch loaders: one statement per kind of read per request tick. */
@Injectable()
export class VolunteersLoaders {
  constructor(
    private readonly repo: VolunteersRepository,
    config: AppConfig,
  ) {
    this.sharedStats = new SharedRuns(config.SHARE_IDENTICAL_READS);
  }

  /** Every street's figures are one heavy statement that many open at once: identical ones share a run. */
  private readonly sharedStats: SharedRuns<StatsRow[]>;

  org(loaders: RequestLoaders) {
    return loaders.get<string, OrgRow | undefined>('vol.org', async (ids) => byKey(ids, await this.repo.orgsByIds(ids), (r) => r.id));
  }

  volunteer(loaders: RequestLoaders) {
    return loaders.get<string, VolunteerRow | undefined>('vol.volunteer', async (ids) => byKey(ids, await this.repo.volunteersByIds(ids), (r) => r.id));
  }

  activity(loaders: RequestLoaders) {
    return loaders.get<string, ActivityRow | undefined>('vol.activity', async (ids) => byKey(ids, await this.repo.activitiesByIds(ids), (r) => r.id));
  }

  signup(loaders: RequestLoaders) {
    return loaders.get<string, SignupRow | undefined>('vol.signup', async (ids) => byKey(ids, await this.repo.signupsByIds(ids), (r) => r.id));
  }

  entry(loaders: RequestLoaders) {
    return loaders.get<string, HoursRow | undefined>('vol.entry', async (ids) => byKey(ids, await this.repo.entriesByIds(ids), (r) => r.id));
  }

  award(loaders: RequestLoaders) {
    return loaders.get<string, AwardRow | undefined>('vol.award', async (ids) => byKey(ids, await this.repo.awardsByIds(ids), (r) => r.id));
  }

  awardsOf(loaders: RequestLoaders) {
    return loaders.get<string, AwardRow[]>('vol.awardsOf', async (ids) => groupByKey(ids, await this.repo.awardsOf(ids), (r) => r.volunteer_id));
  }

  certificatesOf(loaders: RequestLoaders) {
    return loaders.get<string, CertificateRow[]>('vol.certificatesOf', async (ids) =>
      groupByKey(ids, await this.repo.certificatesOf(ids), (r) => r.volunteer_id),
    );
  }

  starLevel(loaders: RequestLoaders) {
    return loaders.get<string, number>('vol.starLevel', async (ids) => {
      const levels = await this.repo.starLevels(ids);
      return ids.map((id) => levels.get(id) ?? 0);
    });
  }

  orgVolunteerCount(loaders: RequestLoaders) {
    return loaders.get<string, number>('vol.orgVolunteerCount', async (ids) => {
      const counts = await this.repo.activeVolunteerCounts(ids);
      return ids.map((id) => counts.get(id) ?? 0);
    });
  }

  entriesOfRequest(loaders: RequestLoaders) {
    return loaders.get<string, HoursRow[]>('vol.entriesOfRequest', async (ids) =>
      groupByKey(ids, await this.repo.entriesOfRequests(ids), (r) => r.service_request_id!),
    );
  }

  /** The volunteer record of an account (the caller's own, mostly). */
  ofUser(loaders: RequestLoaders) {
    return loaders.get<string, VolunteerRow | undefined>('vol.ofUser', async (ids) => byKey(ids, await this.repo.volunteersOfUsers(ids), (r) => r.user_id!));
  }

  /** A volunteer's sign-up for an activity, keyed "activityId:volunteerId". */
  signupOf(loaders: RequestLoaders) {
    return loaders.get<string, SignupRow | undefined>('vol.signupOf', async (keys) => {
      const pairs = keys.map((k) => k.split(':'));
      const rows = await this.repo.signupsOfPairs(pairs.map((p) => p[0]), pairs.map((p) => p[1]));
      return byKey(keys, rows, (r) => `${r.activity_id}:${r.volunteer_id}`);
    });
  }

  hoursPage(loaders: RequestLoaders, page: PageRequest<string>) {
    return loaders.get<string, HoursRow[]>(`vol.hoursPage:${page.limit}:${page.after ?? ''}`, async (ids) =>
      groupByKey(ids, await this.repo.hoursPages(ids, page), (r) => r.owner_id),
    );
  }

  hoursCount(loaders: RequestLoaders) {
    return loaders.get<string, number>('vol.hoursCount', async (ids) => {
      const counts = await this.repo.hoursCounts(ids);
      return ids.map((id) => counts.get(id) ?? 0);
    });
  }

  signupPage(loaders: RequestLoaders, onlyVolunteerId: string | null, page: PageRequest<string>) {
    return loaders.get<string, SignupRow[]>(`vol.signupPage:${onlyVolunteerId ?? ''}:${page.limit}:${page.after ?? ''}`, async (ids) =>
      groupByKey(ids, await this.repo.signupPages(ids, onlyVolunteerId, page), (r) => r.owner_id),
    );
  }

  signupCount(loaders: RequestLoaders, onlyVolunteerId: string | null) {
    return loaders.get<string, number>(`vol.signupCount:${onlyVolunteerId ?? ''}`, async (ids) => {
      const counts = await this.repo.signupCounts(ids, onlyVolunteerId);
      return ids.map((id) => counts.get(id) ?? 0);
    });
  }

  stats(loaders: RequestLoaders, from: Date | null, to: Date | null) {
    const period = `${from?.toISOString() ?? ''}:${to?.toISOString() ?? ''}`;
    // The callers were authorised per unit before loading; the figures depend on nothing but units and period.
    return loaders.get<string, StatsRow | undefined>(`vol.stats:${period}`, async (ids) =>
      byKey(ids, await this.sharedStats.run(`${period}:${ids.join(',')}`, () => this.repo.stats(ids, from, to)), (r) => r.unit_id),
    );
  }
}
