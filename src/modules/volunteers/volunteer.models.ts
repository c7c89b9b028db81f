import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { GeoPoint } from '../../common/graphql/geo.js';
import { toGlobalId } from '../../common/graphql/global-id.js';
import { Node, type TypedNode } from '../../common/graphql/node.interface.js';
import { ConnectionType } from '../../common/paging/paging.js';
import { fromTenths } from './tenths.js';

export enum VolunteerOrgKind {
  PROFESSIONAL = 'PROFESSIONAL',
  LEI_FENG_TEAM = 'LEI_FENG_TEAM',
  GRASSROOTS = 'GRASSROOTS',
  COMMUNITY = 'COMMUNITY',
}
registerEnumType(VolunteerOrgKind, {
  name: 'VolunteerOrgKind',
  description: 'How a volunteer organisation came to be; the seed city counts each kind separately.',
  valuesMap: {
    PROFESSIONAL: { description: "专业志愿服务组织: youth, women's, disability, Red Cross and other specialist bodies." },
    LEI_FENG_TEAM: { description: '学雷锋志愿服务队 formed by a civilised unit (文明单位: an office, a school, a company).' },
    GRASSROOTS: { description: '民间志愿服务组织: a grassroots group the city supports.' },
    COMMUNITY: { description: "A team built on the grid: a community's or courtyard's own volunteers." },
  },
});

export enum ActivityStatus {
  PUBLISHED = 'PUBLISHED',
  CLOSED = 'CLOSED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(ActivityStatus, {
  name: 'ActivityStatus',
  valuesMap: {
    PUBLISHED: { description: 'Open for sign-up until it ends or is full.' },
    CLOSED: { description: 'Finished or closed by its organisers; no more sign-ups or check-ins.' },
  },
});

export enum SignupStatus {
  SIGNED_UP = 'SIGNED_UP',
  CANCELLED = 'CANCELLED',
  CHECKED_IN = 'CHECKED_IN',
  COMPLETED = 'COMPLETED',
}
registerEnumType(SignupStatus, {
  name: 'SignupStatus',
  valuesMap: { COMPLETED: { description: 'Checked out; the hours are in the ledger.' } },
});

export enum HoursSource {
  CHECK_IN = 'CHECK_IN',
  BACKFILL = 'BACKFILL',
  SERVICE_REQUEST = 'SERVICE_REQUEST',
  CORRECTION = 'CORRECTION',
}
registerEnumType(HoursSource, {
  name: 'HoursSource',
  valuesMap: {
    CHECK_IN: { description: 'From a check-in and check-out: recorded by the system, approved at once.' },
    BACKFILL: { description: 'Entered afterwards by an organiser (补录); needs approval.' },
    SERVICE_REQUEST: { description: 'Credited for a closed service request the volunteer handled.' },
    CORRECTION: { description: 'Reverses or adjusts an earlier entry; may be negative.' },
  },
});

export enum HoursStatus {
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
}
registerEnumType(HoursStatus, { name: 'HoursStatus' });

// ---- rows (bigints as text) -------------------------------------------------------------------

export interface OrgRow {
  id: string;
  name: string;
  kind: VolunteerOrgKind;
  unit_id: string;
  unit_path: string;
  contact_name: string | null;
  contact_phone: string | null;
  active: boolean;
  created_at: Date;
  manager_ids: string[];
}

export interface VolunteerRow {
  id: string;
  number: string;
  name: string;
  phone: string;
  unit_id: string;
  unit_path: string;
  user_id: string | null;
  member_id: string | null;
  skills: string[];
  active: boolean;
  approved_tenths: number;
  registered_at: Date;
  org_ids: string[];
  /** The named managers of every organisation the volunteer belongs to. */
  manager_ids: string[];
}

export interface ActivityRow {
  id: string;
  org_id: string;
  org_unit_path: string;
  org_manager_ids: string[];
  unit_id: string;
  unit_path: string;
  title: string;
  description: string | null;
  lat: number | null;
  lng: number | null;
  address: string | null;
  starts_at: Date;
  ends_at: Date;
  capacity: number;
  signup_count: number;
  status: ActivityStatus;
  version: number;
  check_in_code: string;
  created_at: Date;
}

export interface SignupRow {
  id: string;
  activity_id: string;
  volunteer_id: string;
  status: SignupStatus;
  checked_in_at: Date | null;
  checked_out_at: Date | null;
  created_at: Date;
}

export interface HoursRow {
  id: string;
  volunteer_id: string;
  tenths: number;
  source: HoursSource;
  status: HoursStatus;
  service_date: string;
  description: string | null;
  org_id: string | null;
  activity_id: string | null;
  service_request_id: string | null;
  corrects_id: string | null;
  recorded_by_user_id: string | null;
  decided_by_user_id: string | null;
  decided_at: Date | null;
  note: string | null;
  created_at: Date;
}

export interface AwardRow {
  id: string;
  volunteer_id: string;
  level: number;
  awarded_by_user_id: string | null;
  awarded_at: Date;
  effective_at: Date;
  note: string | null;
  revoked_at: Date | null;
}

export interface CertificateRow {
  id: string;
  number: string;
  verification_code: string;
  volunteer_id: string;
  tenths: number;
  star_level: number;
  org_id: string | null;
  issued_by_user_id: string | null;
  issued_at: Date;
  revoked_at: Date | null;
}

// ---- GraphQL types --------------------------------------------------------------------------

@ObjectType('VolunteerOrganization', {
  implements: () => [Node],
  description: 'A volunteer organisation or team, led by the party organisation of one grid unit.',
})
export class VolunteerOrganization implements TypedNode {
  readonly __typename = 'VolunteerOrganization' as const;
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => VolunteerOrgKind) kind: VolunteerOrgKind;
  @Field(() => String, { nullable: true }) contactName: string | null;
  @Field() active: boolean;
  @Field() createdAt: Date;
  row: OrgRow;

  static from(row: OrgRow): VolunteerOrganization {
    const o = new VolunteerOrganization();
    o.row = row;
    o.id = toGlobalId('VolunteerOrganization', row.id);
    o.name = row.name;
    o.kind = row.kind;
    o.contactName = row.contact_name;
    o.active = row.active;
    o.createdAt = row.created_at;
    return o;
  }
}
export const VolunteerOrganizationConnection = ConnectionType(VolunteerOrganization, 'VolunteerOrganization');

@ObjectType('Volunteer', { implements: () => [Node], description: 'A registered volunteer (注册志愿者).' })
export class Volunteer implements TypedNode {
  readonly __typename = 'Volunteer' as const;
  @Field(() => ID) id: string;
  @Field({ description: 'Registration number, unique, assigned at registration.' }) number: string;
  @Field() name: string;
  @Field(() => [String]) skills: string[];
  @Field(() => Float, { description: 'Sum of APPROVED hours entries, all time.' }) totalHours: number;
  @Field() registeredAt: Date;
  @Field() active: boolean;
  row: VolunteerRow;

  static from(row: VolunteerRow): Volunteer {
    const v = new Volunteer();
    v.row = row;
    v.id = toGlobalId('Volunteer', row.id);
    v.number = row.number;
    v.name = row.name;
    v.skills = row.skills;
    v.totalHours = fromTenths(Number(row.approved_tenths));
    v.registeredAt = row.registered_at;
    v.active = row.active;
    return v;
  }
}
export const VolunteerConnection = ConnectionType(Volunteer, 'Volunteer');

@ObjectType('VolunteerActivity', { implements: () => [Node], description: 'A volunteer activity or project session (项目化运作).' })
export class VolunteerActivity implements TypedNode {
  readonly __typename = 'VolunteerActivity' as const;
  @Field(() => ID) id: string;
  @Field() title: string;
  @Field(() => String, { nullable: true }) description: string | null;
  @Field(() => GeoPoint, { nullable: true }) location: GeoPoint | null;
  @Field(() => String, { nullable: true }) address: string | null;
  @Field() startsAt: Date;
  @Field() endsAt: Date;
  @Field(() => Int) capacity: number;
  @Field(() => Int, { description: 'Sign-ups not cancelled.' }) signupCount: number;
  @Field(() => ActivityStatus) status: ActivityStatus;
  @Field(() => Int, { description: 'Bumped by every change; pass it back as expectedVersion.' }) version: number;
  row: ActivityRow;

  static from(row: ActivityRow): VolunteerActivity {
    const a = new VolunteerActivity();
    a.row = row;
    a.id = toGlobalId('VolunteerActivity', row.id);
    a.title = row.title;
    a.description = row.description;
    a.location = row.lat !== null && row.lng !== null ? { lat: row.lat, lng: row.lng } : null;
    a.address = row.address;
    a.startsAt = row.starts_at;
    a.endsAt = row.ends_at;
    a.capacity = row.capacity;
    a.signupCount = row.signup_count;
    a.status = row.status;
    a.version = row.version;
    return a;
  }
}
export const VolunteerActivityConnection = ConnectionType(VolunteerActivity, 'VolunteerActivity');

@ObjectType('VolunteerSignup', { implements: () => [Node] })
export class VolunteerSignup implements TypedNode {
  readonly __typename = 'VolunteerSignup' as const;
  @Field(() => ID) id: string;
  @Field(() => SignupStatus) status: SignupStatus;
  @Field(() => Date, { nullable: true }) checkedInAt: Date | null;
  @Field(() => Date, { nullable: true }) checkedOutAt: Date | null;
  @Field() createdAt: Date;
  row: SignupRow;

  static from(row: SignupRow): VolunteerSignup {
    const s = new VolunteerSignup();
    s.row = row;
    s.id = toGlobalId('VolunteerSignup', row.id);
    s.status = row.status;
    s.checkedInAt = row.checked_in_at;
    s.checkedOutAt = row.checked_out_at;
    s.createdAt = row.created_at;
    return s;
  }
}
export const VolunteerSignupConnection = ConnectionType(VolunteerSignup, 'VolunteerSignup');

@ObjectType('VolunteerHoursEntry', {
  implements: () => [Node],
  description: "One entry of a volunteer's hours ledger (志愿服务记录). Entries are never edited or removed: a mistake is fixed by a CORRECTION entry.",
})
export class VolunteerHoursEntry implements TypedNode {
  readonly __typename = 'VolunteerHoursEntry' as const;
  @Field(() => ID) id: string;
  @Field(() => Float, { description: 'Hours, one decimal place; negative only for a CORRECTION.' }) hours: number;
  @Field(() => HoursSource) source: HoursSource;
  @Field(() => HoursStatus) status: HoursStatus;
  @Field({ description: 'The day the service was given (Asia/Shanghai).' }) serviceDate: string;
  @Field(() => String, { nullable: true }) description: string | null;
  @Field(() => Date, { nullable: true }) decidedAt: Date | null;
  @Field(() => String, { nullable: true }) note: string | null;
  @Field() createdAt: Date;
  row: HoursRow;

  static from(row: HoursRow): VolunteerHoursEntry {
    const e = new VolunteerHoursEntry();
    e.row = row;
    e.id = toGlobalId('VolunteerHoursEntry', row.id);
    e.hours = fromTenths(row.tenths);
    e.source = row.source;
    e.status = row.status;
    e.serviceDate = row.service_date;
    e.description = row.description;
    e.decidedAt = row.decided_at;
    e.note = row.note;
    e.createdAt = row.created_at;
    return e;
  }
}
export const VolunteerHoursConnection = ConnectionType(VolunteerHoursEntry, 'VolunteerHours');

@ObjectType('StarAward', {
  implements: () => [Node],
  description: 'A star level awarded to a volunteer (星级认定), in force after its public notice (公示).',
})
export class StarAward implements TypedNode {
  readonly __typename = 'StarAward' as const;
  @Field(() => ID) id: string;
  @Field(() => Int) level: number;
  @Field() awardedAt: Date;
  @Field({ description: 'End of the public notice period; the level counts from then on unless revoked before.' }) effectiveAt: Date;
  @Field() revoked: boolean;
  @Field(() => String, { nullable: true }) note: string | null;
  row: AwardRow;

  static from(row: AwardRow): StarAward {
    const a = new StarAward();
    a.row = row;
    a.id = toGlobalId('StarAward', row.id);
    a.level = row.level;
    a.awardedAt = row.awarded_at;
    a.effectiveAt = row.effective_at;
    a.revoked = row.revoked_at !== null;
    a.note = row.note;
    return a;
  }
}

@ObjectType('VolunteerCertificate', { description: 'A certificate of volunteer service (志愿服务证明): a frozen statement of approved hours.' })
export class VolunteerCertificate {
  @Field({ description: 'Unique certificate number.' }) number: string;
  @Field({ description: 'Given to the volunteer with the certificate; with the number it lets anyone verify it.' }) verificationCode: string;
  @Field(() => Float, { description: 'Approved hours as of issue.' }) hours: number;
  @Field(() => Int) starLevel: number;
  @Field() issuedAt: Date;
  @Field() revoked: boolean;
  row: CertificateRow;

  static from(row: CertificateRow): VolunteerCertificate {
    const c = new VolunteerCertificate();
    c.row = row;
    c.number = row.number;
    c.verificationCode = row.verification_code;
    c.hours = fromTenths(Number(row.tenths));
    c.starLevel = row.star_level;
    c.issuedAt = row.issued_at;
    c.revoked = row.revoked_at !== null;
    return c;
  }
}

@ObjectType('CertificateCheck', { description: 'What anyone holding a certificate number and code can check, without signing in.' })
export class CertificateCheck {
  @Field() number: string;
  @Field() valid: boolean;
  @Field(() => String, { nullable: true, description: 'Masked: first character and a star per further character (张**).' }) volunteerName: string | null;
  @Field(() => Float, { nullable: true }) hours: number | null;
  @Field(() => Int, { nullable: true }) starLevel: number | null;
  @Field(() => String, { nullable: true }) issuedByName: string | null;
  @Field(() => Date, { nullable: true }) issuedAt: Date | null;
  @Field(() => Boolean, { nullable: true, description: 'True when the certificate was revoked (valid is then false).' }) revoked: boolean | null;
}

@ObjectType('VolunteerStats', { description: "Volunteer figures for a unit's subtree (volunteers by their home unit)." })
export class VolunteerStats {
  @Field(() => Int, { description: 'Volunteers registered and active.' }) registered: number;
  @Field(() => Int, { description: 'Of them, with starLevel >= 1.' }) starred: number;
  @Field(() => [Int], { description: 'Counts by star level: element i is the number with starLevel = i + 1 (five elements).' }) byStarLevel: number[];
  @Field(() => Float, { description: 'Approved hours whose serviceDate lies in the period (all time when no period is given).' }) hours: number;
  @Field(() => Int, { description: 'Distinct volunteers with approved hours in the period.' }) activeVolunteers: number;
  @Field(() => Int) organizations: number;
  @Field(() => Int) activities: number;
}
