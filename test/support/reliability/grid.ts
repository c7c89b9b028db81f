/**
 * A street for the reliability tests, built through the API as the bootstrap admin:
 * street ⊃ general branch ⊃ `branches` branches ⊃ `courtyardsPerBranch` courtyards each,
 * every courtyard with `respondersPerCourtyard` skilled responders (so submissions route to
 * someone), optionally with RESPONDER accounts, plus `residents` registered residents.
 */
import { inParallel, login, must } from './api.js';

export interface Point {
  lat: number;
  lng: number;
}

export interface Courtyard {
  id: string;
  code: string;
  branchId: string;
  /** A point inside this courtyard's boundary (and in no other courtyard). */
  point: Point;
  responders: { memberId: string; userId?: string; token?: string }[];
}

export interface Grid {
  street: string;
  general: string;
  branches: string[];
  courtyards: Courtyard[];
  residents: { id: string; token: string; username: string }[];
}

export const SKILLS = ['STREET_LIGHT', 'ROAD', 'WATER_DRAIN'];
const PASSWORD = 'reliability-password-1';

export function square(lat: number, lng: number, size: number): Point[] {
  return [
    { lat, lng },
    { lat: lat + size, lng },
    { lat: lat + size, lng: lng + size },
    { lat, lng: lng + size },
  ];
}

export interface GridOptions {
  prefix: string;
  lat: number;
  lng: number;
  branches: number;
  courtyardsPerBranch: number;
  respondersPerCourtyard: number;
  responderAccounts?: boolean;
  residents: number;
}

export async function buildGrid(baseUrl: string, adminToken: string, o: GridOptions): Promise<Grid> {
  const create = async (input: Record<string, unknown>) =>
    (await must<{ createOrgUnit: { id: string } }>(baseUrl, `mutation($i: CreateOrgUnitInput!) { createOrgUnit(input: $i) { id } }`, { i: input }, adminToken))
      .createOrgUnit.id;
  const street = await create({ code: o.prefix, name: `${o.prefix}街道党委`, boundary: square(o.lat, o.lng, 1) });
  const general = await create({ parentId: street, code: `${o.prefix}-01`, name: '第一网格党总支', boundary: square(o.lat, o.lng, 0.9) });
  const branches: string[] = [];
  const courtyards: Courtyard[] = [];
  for (let b = 0; b < o.branches; b++) {
    const bLat = o.lat + b * 0.25;
    const code = `${o.prefix}-01-${String(b + 1).padStart(2, '0')}`;
    const branch = await create({ parentId: general, code, name: `第${b + 1}党支部`, boundary: square(bLat, o.lng, 0.2) });
    branches.push(branch);
    for (let c = 0; c < o.courtyardsPerBranch; c++) {
      const cLat = bLat + c * 0.06;
      const cCode = `${code}-${String(c + 1).padStart(2, '0')}`;
      const id = await create({ parentId: branch, code: cCode, name: `${c + 1}号院党小组`, boundary: square(cLat, o.lng, 0.05) });
      courtyards.push({ id, code: cCode, branchId: branch, point: { lat: cLat + 0.01, lng: o.lng + 0.01 }, responders: [] });
    }
  }
  for (const courtyard of courtyards) {
    for (let r = 0; r < o.respondersPerCourtyard; r++) {
      const member = await must<{ createMember: { id: string } }>(
        baseUrl,
        `mutation($i: CreateMemberInput!) { createMember(input: $i) { id } }`,
        { i: { unitId: courtyard.id, name: `${courtyard.code}师傅${r + 1}`, responder: true, skills: SKILLS } },
        adminToken,
      );
      courtyard.responders.push({ memberId: member.createMember.id });
    }
  }
  if (o.responderAccounts) {
    const all = courtyards.flatMap((c) => c.responders);
    await inParallel(all, 4, async (responder, i) => {
      const username = `${o.prefix.toLowerCase()}-resp-${i}`;
      const user = await must<{ createUser: { id: string } }>(
        baseUrl,
        `mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`,
        { i: { username, password: PASSWORD, role: 'RESPONDER', memberId: responder.memberId } },
        adminToken,
      );
      responder.userId = user.createUser.id;
      responder.token = await login(baseUrl, username, PASSWORD);
    });
  }
  const residents = await inParallel(Array.from({ length: o.residents }), 4, async (_, i) => {
    const username = `${o.prefix.toLowerCase()}-res-${i}`;
    const data = await must<{ registerResident: { token: string; user: { id: string } } }>(
      baseUrl,
      `mutation($i: RegisterResidentInput!) { registerResident(input: $i) { token user { id } } }`,
      { i: { username, password: PASSWORD, name: `居民${i}`, phone: '13812345678' } },
      null,
    );
    return { id: data.registerResident.user.id, token: data.registerResident.token, username };
  });
  return { street, general, branches, courtyards, residents };
}
