import { randomInt } from 'node:crypto';
import { expect } from 'vitest';
import type { GqlResponse, TestServer } from './test-server.js';

/** Runs a document and returns its data; fails the test with the errors otherwise. */
export async function ok<T = any>(server: TestServer, query: string, variables?: Record<string, unknown>, token?: string | null): Promise<T> {
  const res = await server.gql<T>(query, variables, token);
  expect(res.body.errors, `${query.slice(0, 80)}`).toBeUndefined();
  return res.body.data as T;
}

/** Runs a document that must fail; returns the first error's code and field. */
export async function refused(server: TestServer, query: string, variables?: Record<string, unknown>, token?: string | null): Promise<{ code?: string; field?: string; res: GqlResponse<any> }> {
  const res = await server.gql(query, variables, token);
  expect(res.body.errors?.length, `expected an error from ${query.slice(0, 80)}`).toBeGreaterThan(0);
  return { code: res.body.errors![0].extensions?.code, field: res.body.errors![0].extensions?.field, res };
}

let phoneCounter = randomInt(0, 1_000_000);
/** A fresh 11-digit mainland mobile number. */
export function freshPhone(): string {
  phoneCounter += 1;
  return `139${String(phoneCounter % 100_000_000).padStart(8, '0')}`;
}

export const CREATE_ORG = `mutation($i: CreateVolunteerOrganizationInput!) { createVolunteerOrganization(input: $i) { id name kind active } }`;
export const REGISTER = `mutation($i: RegisterVolunteerInput!) { registerVolunteer(input: $i) { id number name phone user { id } unit { id } } }`;
export const CREATE_ACTIVITY = `mutation($i: CreateVolunteerActivityInput!) { createVolunteerActivity(input: $i) { id status capacity signupCount version checkInCode } }`;
export const SIGN_UP = `mutation($i: SignUpInput!) { signUpForActivity(input: $i) { id status } }`;
export const CHECK_IN = `mutation($i: CheckInInput!) { checkIn(input: $i) { id status checkedInAt } }`;
export const CHECK_OUT = `mutation($i: CheckInInput!) { checkOut(input: $i) { id status checkedOutAt } }`;
export const BACKFILL = `mutation($i: BackfillHoursInput!) { backfillVolunteerHours(input: $i) { id hours status source } }`;
export const DECIDE = `mutation($i: DecideHoursInput!) { decideVolunteerHours(input: $i) { id status decidedBy { id } } }`;
export const CORRECT = `mutation($i: CorrectHoursInput!) { correctVolunteerHours(input: $i) { id hours status source corrects { id } } }`;
export const VOLUNTEER = `query($id: ID) { volunteer(id: $id) { id totalHours starLevel eligibleStarLevel } }`;

export async function createOrg(server: TestServer, unitId: string, extra: Record<string, unknown> = {}, token?: string): Promise<string> {
  const data = await ok(server, CREATE_ORG, { i: { name: `队-${randomInt(1e9)}`, kind: 'COMMUNITY', unitId, ...extra } }, token);
  return data.createVolunteerOrganization.id;
}

export async function addManager(server: TestServer, organizationId: string, userId: string, token?: string): Promise<void> {
  await ok(server, `mutation($i: OrganizationManagerInput!) { addOrganizationManager(input: $i) { id } }`, { i: { organizationId, userId } }, token);
}

/** Staff registers someone (no account). */
export async function registerOther(server: TestServer, unitId: string, extra: Record<string, unknown> = {}, token?: string): Promise<{ id: string; number: string }> {
  const data = await ok(server, REGISTER, { i: { forSomeoneElse: true, name: '志愿者', phone: freshPhone(), unitId, ...extra } }, token);
  return data.registerVolunteer;
}

export async function registerSelf(server: TestServer, token: string, unitId: string): Promise<{ id: string; number: string }> {
  const data = await ok(server, REGISTER, { i: { name: '自己', phone: freshPhone(), unitId } }, token);
  return data.registerVolunteer;
}

/** An activity `fromNowMin` minutes from now, lasting `minutes`. */
export async function createActivity(
  server: TestServer,
  o: { organizationId: string; unitId: string; fromNowMin: number; minutes: number; capacity?: number },
  token?: string,
): Promise<{ id: string; checkInCode: string; version: number }> {
  const startsAt = new Date(Date.now() + o.fromNowMin * 60_000);
  const endsAt = new Date(startsAt.getTime() + o.minutes * 60_000);
  const data = await ok(
    server,
    CREATE_ACTIVITY,
    { i: { organizationId: o.organizationId, unitId: o.unitId, title: '清扫楼道', startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(), capacity: o.capacity ?? 10 } },
    token,
  );
  return data.createVolunteerActivity;
}

/** Approved hours for a volunteer: a back-fill by the admin, approved by `approverToken`. */
export async function approvedHours(server: TestServer, o: { volunteerId: string; organizationId: string; hours: number; serviceDate?: string }, approverToken: string): Promise<string> {
  const entry = await ok(server, BACKFILL, {
    i: { volunteerId: o.volunteerId, organizationId: o.organizationId, hours: o.hours, serviceDate: o.serviceDate ?? '2026-01-15', description: '补录' },
  });
  await ok(server, DECIDE, { i: { entryId: entry.backfillVolunteerHours.id, approve: true } }, approverToken);
  return entry.backfillVolunteerHours.id;
}
