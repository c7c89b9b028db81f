import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../../common/auth/actor.js';
import { Policy } from '../../common/auth/policy.js';
import { conflict, DomainError, ErrorCode, forbidden, notFound } from '../../common/errors/domain-error.js';
import { dbIdOf } from '../../common/graphql/global-id.js';
import type { RequestLoaders } from '../../common/loaders/request-loaders.js';
import { RateLimiter } from '../../common/rate-limit/rate-limiter.js';
import { AppConfig } from '../../config/app-config.js';
import { Transactions } from '../../database/transactions.js';
import { WorkingCalendar } from '../calendar/index.js';
import type { AwardStarInput, IssueCertificateInput, RevokeCertificateInput, RevokeStarAwardInput } from './dtos/volunteer.inputs.js';
import { eligibleLevel, parseStarThresholds } from './star-thresholds.js';
import { fromTenths } from './tenths.js';
import { CertificateCheck, StarAward, Volunteer, VolunteerCertificate, VolunteerStats } from './volunteer.models.js';
import { VolunteersLoaders } from './volunteers.loaders.js';
import { VolunteersRepository } from './volunteers.repository.js';
import { orgFacts, volunteerFacts, VolunteersService } from './volunteers.service.js';

const NOTICE_WORKING_DAYS = 5;
export const CERTIFICATE_CHECKS_PER_MINUTE = 30;

/** 80 random bits in 16 characters of Crockford's base32 (no I, L, O, U to misread). */
const BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
function verificationCode(): string {
  const bytes = randomBytes(10);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

/** 张三丰 → 张**: the first character and a star for each further one. */
export function maskName(name: string): string {
  const chars = [...name];
  return chars[0] + '*'.repeat(chars.length - 1);
}

const sameText = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** Stars (星级认定) with their public notice, certificates (志愿服务证明) and the figures of a subtree. */
@Injectable()
export class RecognitionService {
  private readonly thresholds: number[];
  private readonly checkLimiter: RateLimiter;

  constructor(
    private readonly repo: VolunteersRepository,
    private readonly loaders: VolunteersLoaders,
    private readonly volunteers: VolunteersService,
    private readonly policy: Policy,
    private readonly tx: Transactions,
    config: AppConfig,
    dataSource: DataSource,
    private readonly calendar: WorkingCalendar,
  ) {
    this.thresholds = parseStarThresholds(config.STAR_THRESHOLDS)!;
    this.checkLimiter = new RateLimiter(dataSource, CERTIFICATE_CHECKS_PER_MINUTE);
  }

  // ---- stars ----------------------------------------------------------------------------------

  eligibleStarLevel(v: Volunteer): number {
    return eligibleLevel(Number(v.row.approved_tenths), this.thresholds);
  }

  starLevel(loaders: RequestLoaders, v: Volunteer): Promise<number> {
    return this.loaders.starLevel(loaders).load(v.row.id);
  }

  async awardsOf(loaders: RequestLoaders, v: Volunteer): Promise<StarAward[]> {
    return (await this.loaders.awardsOf(loaders).load(v.row.id)).map(StarAward.from);
  }

  async awardVisible(loaders: RequestLoaders, actor: Actor, dbId: string): Promise<StarAward | null> {
    const row = await this.loaders.award(loaders).load(dbId);
    if (!row) return null;
    return (await this.volunteers.visible(loaders, actor, row.volunteer_id)) ? StarAward.from(row) : null;
  }

  /**
   * Staff in scope of the volunteer's unit award exactly one level more than the highest
   * award not revoked, up to what the approved hours reach, and not while another is under
   * notice. The award counts from the same Shanghai clock time on the 5th workday of the
   * calendar (overrides and holidays included) after.
   */
  async award(actor: Actor, input: AwardStarInput): Promise<StarAward> {
    return this.tx.run(async (tx) => {
      const v = await this.volunteers.lockVolunteer(input.volunteerId, tx);
      this.policy.assertVolunteerRight(actor, volunteerFacts(v), this.isStaffOver(actor, v.unit_path), 'award stars');
      const now = new Date();
      const live = await this.repo.liveAwards(v.id, tx);
      if (live.some((a) => a.effective_at > now)) throw conflict('Another award is under public notice');
      const next = (live[0]?.level ?? 0) + 1;
      if (input.level !== next) throw conflict(`The next level to award is ${next}`);
      if (input.level > eligibleLevel(Number(v.approved_tenths), this.thresholds)) throw conflict("The volunteer's approved hours do not reach that level");
      const row = await this.repo.insertAward(
        { volunteerId: v.id, level: input.level, awardedBy: actor.userId, awardedAt: now, effectiveAt: await this.calendar.addWorkdays(now, NOTICE_WORKING_DAYS, tx), note: input.note ?? null },
        tx,
      );
      await this.volunteers.record(actor, 'VOLUNTEER_STAR_AWARDED', 'StarAward', row.id, v.unit_path, { volunteerId: v.id, level: row.level }, tx);
      return StarAward.from(row);
    });
  }

  async revokeAward(actor: Actor, input: RevokeStarAwardInput): Promise<StarAward> {
    return this.tx.run(async (tx) => {
      const id = dbIdOf(input.awardId, 'StarAward');
      const [found] = id ? await this.repo.awardsByIds([id], tx) : [];
      if (!found) throw notFound('Star award');
      const v = (await this.repo.lockVolunteer(found.volunteer_id, tx))!;
      if (!this.policy.seesVolunteer(actor, volunteerFacts(v))) throw notFound('Star award');
      if (!this.isStaffOver(actor, v.unit_path)) throw forbidden('Only staff in scope revoke stars');
      const award = (await this.repo.lockAward(found.id, tx))!;
      if (award.revoked_at) throw conflict('The award is revoked already');
      const row = await this.repo.revokeAward(award.id, actor.userId, input.reason, tx);
      await this.volunteers.record(actor, 'VOLUNTEER_STAR_REVOKED', 'StarAward', row.id, v.unit_path, { volunteerId: v.id, level: row.level }, tx);
      return StarAward.from(row);
    });
  }

  // ---- certificates ---------------------------------------------------------------------------

  /** The volunteer and staff in scope see the certificates; others an empty list. */
  async certificatesOf(loaders: RequestLoaders, actor: Actor, v: Volunteer): Promise<VolunteerCertificate[]> {
    if (v.row.user_id !== actor.userId && !this.isStaffOver(actor, v.row.unit_path)) return [];
    return (await this.loaders.certificatesOf(loaders).load(v.row.id)).map(VolunteerCertificate.from);
  }

  async issue(actor: Actor, input: IssueCertificateInput): Promise<VolunteerCertificate> {
    return this.tx.run(async (tx) => {
      const v = await this.volunteers.lockVolunteer(input.volunteerId, tx);
      const allowed = v.user_id === actor.userId || this.isStaffOver(actor, v.unit_path) || v.manager_ids.includes(actor.userId);
      this.policy.assertVolunteerRight(actor, volunteerFacts(v), allowed, 'issue a certificate for this volunteer');
      let orgId: string | null = null;
      if (input.organizationId) {
        const id = dbIdOf(input.organizationId, 'VolunteerOrganization');
        const [org] = id ? await this.repo.orgsByIds([id], tx) : [];
        if (!org) throw notFound('Volunteer organisation');
        if (!this.policy.managesVolunteerOrg(actor, orgFacts(org))) throw forbidden("Only the organisation's managers or staff issue in its name");
        orgId = org.id;
      }
      const starLevel = (await this.repo.starLevels([v.id])).get(v.id) ?? 0;
      const row = await this.repo.insertCertificate(
        { code: verificationCode(), volunteerId: v.id, tenths: Number(v.approved_tenths), starLevel, orgId, issuedBy: actor.userId },
        tx,
      );
      await this.volunteers.record(actor, 'VOLUNTEER_CERTIFICATE_ISSUED', 'VolunteerCertificate', row.number, v.unit_path, { volunteerId: v.id, organizationId: orgId }, tx);
      return VolunteerCertificate.from(row);
    });
  }

  async revokeCertificate(actor: Actor, input: RevokeCertificateInput): Promise<VolunteerCertificate> {
    return this.tx.run(async (tx) => {
      const cert = await this.repo.certificateByNumber(input.number, tx, true);
      if (!cert) throw notFound('Certificate');
      const [v] = await this.repo.volunteersByIds([cert.volunteer_id], tx);
      if (!this.policy.isStaff(actor)) throw forbidden('Only staff in scope revoke certificates');
      if (!this.policy.coversUnit(actor, v.unit_path)) throw notFound('Certificate');
      if (cert.revoked_at) throw conflict('The certificate is revoked already');
      const row = await this.repo.revokeCertificate(cert.number, input.reason, tx);
      await this.volunteers.record(actor, 'VOLUNTEER_CERTIFICATE_REVOKED', 'VolunteerCertificate', row.number, v.unit_path, { volunteerId: v.id }, tx);
      return VolunteerCertificate.from(row);
    });
  }

  /** Anyone, 30 checks a minute per address: a wrong pair and a revoked certificate read the same but for `revoked`. */
  async check(number: string, code: string, address: string | null): Promise<CertificateCheck> {
    const verdict = await this.checkLimiter.hit([`cert-check:${address ?? 'unknown'}`]);
    if (verdict.limited) throw new DomainError(ErrorCode.RATE_LIMITED, 'Too many certificate checks; wait a minute');
    const cert = await this.repo.certificateByNumber(number);
    const result: CertificateCheck = { number, valid: false, volunteerName: null, hours: null, starLevel: null, issuedByName: null, issuedAt: null, revoked: null };
    if (!cert || !sameText(cert.verification_code, code.trim().toUpperCase())) return result;
    if (cert.revoked_at) return { ...result, revoked: true };
    const [v] = await this.repo.volunteersByIds([cert.volunteer_id]);
    const [org] = cert.org_id ? await this.repo.orgsByIds([cert.org_id]) : [];
    return {
      number,
      valid: true,
      volunteerName: maskName(v.name),
      hours: fromTenths(Number(cert.tenths)),
      starLevel: cert.star_level,
      issuedByName: org?.name ?? null,
      issuedAt: cert.issued_at,
      revoked: false,
    };
  }

  async issuer(loaders: RequestLoaders, cert: VolunteerCertificate) {
    return cert.row.org_id ? this.volunteers.org(loaders, cert.row.org_id) : null;
  }

  // ---- figures --------------------------------------------------------------------------------

  /** Staff in their scope (null outside it); RESPONDER and RESIDENT: FORBIDDEN. */
  async stats(loaders: RequestLoaders, actor: Actor, unit: { dbId: string; path: string }, from: Date | null, to: Date | null): Promise<VolunteerStats | null> {
    this.policy.assertMayReadVolunteerStats(actor);
    if (!this.policy.coversUnit(actor, unit.path)) return null;
    const row = await this.loaders.stats(loaders, from, to).load(unit.dbId);
    if (!row) return null;
    return {
      registered: row.registered,
      starred: row.by_level.reduce((a, b) => a + b, 0),
      byStarLevel: row.by_level,
      hours: fromTenths(Number(row.tenths)),
      activeVolunteers: row.active_volunteers,
      organizations: row.organizations,
      activities: row.activities,
    };
  }

  private isStaffOver(actor: Actor, unitPath: string): boolean {
    return this.policy.isStaff(actor) && this.policy.coversUnit(actor, unitPath);
  }
}
