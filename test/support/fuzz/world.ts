import { buildStreet, createAccount, createMember, registerResident, square, type Street } from '../fixtures.js';
import type { TestServer } from '../test-server.js';

/**
 * A small world for the fuzzers, built over GraphQL as the bootstrap CITY_ADMIN: two streets
 * (A, B) with their trees, responders with skills, one account per role (the actors), a few
 * "victim" accounts that the fuzzer may change freely, and service requests in each status.
 */
export type ActorRole = 'CITY_ADMIN' | 'STREET_ADMIN' | 'SECRETARY' | 'RESPONDER' | 'RESIDENT' | 'ANONYMOUS';

export interface FuzzWorld {
  A: Street;
  B: Street;
  tokens: Record<ActorRole, string | null>;
  /** Global ids of existing rows, by node type (the actors' own users left out). */
  ids: { OrgUnit: string[]; Member: string[]; User: string[]; ServiceCategory: string[]; ServiceRequest: string[]; RequestEvent: string[] };
  categoryCodes: string[];
  unitCodes: string[];
  /** Points inside the courtyards and branches, where a submission finds a holder. */
  points: { lat: number; lng: number }[];
}

const PASSWORD = 'fuzz-actor-password-1';

async function must<T = any>(server: TestServer, query: string, variables: Record<string, unknown>, token?: string): Promise<T> {
  const res = await server.gql<T>(query, variables, token);
  if (!res.body.data || res.body.errors) throw new Error(`fuzz world: ${query.slice(0, 80)}…: ${JSON.stringify(res.body.errors)}`);
  return res.body.data;
}

const REQUEST = `id events { id }`;

export async function buildFuzzWorld(server: TestServer): Promise<FuzzWorld> {
  const A = await buildStreet(server, 'FZA', 30, 110);
  const B = await buildStreet(server, 'FZB', 35, 115);
  const extra = await must(server, `mutation($i: CreateOrgUnitInput!) { createOrgUnit(input: $i) { id } }`, {
    i: { parentId: A.branch, code: 'FZA-01-01-09', name: '9号院党小组', boundary: square(30.15, 110.1, 0.02) },
  });
  const archived = await must(server, `mutation($i: CreateOrgUnitInput!) { createOrgUnit(input: $i) { id } }`, {
    i: { parentId: B.branch, code: 'FZB-01-01-99', name: '已撤销党小组' },
  });
  await must(server, `mutation($i: ArchiveOrgUnitInput!) { archiveOrgUnit(input: $i) { id } }`, { i: { id: archived.createOrgUnit.id } });

  const members: string[] = [];
  const responderA = await createMember(server, A.courtyard, { name: '张师傅', responder: true, skills: ['ROAD', 'STREET_LIGHT'], phone: '13800000001' });
  const responderB = await createMember(server, B.courtyard, { name: '李师傅', responder: true, skills: ['ROAD', 'WATER_DRAIN'], phone: '13900000002' });
  members.push(responderA, responderB);
  members.push(await createMember(server, A.courtyard, { name: '王阿姨' }));
  members.push(await createMember(server, B.general, { name: '赵书记', phone: '13700000003' }));

  const streetAdmin = await createAccount(server, { username: 'fz_street_admin', role: 'STREET_ADMIN', scopeUnitId: A.street }, PASSWORD);
  const secretary = await createAccount(server, { username: 'fz_secretary', role: 'SECRETARY', scopeUnitId: A.branch }, PASSWORD);
  const responder = await createAccount(server, { username: 'fz_responder', role: 'RESPONDER', memberId: responderA }, PASSWORD);
  const resident = await registerResident(server, 'fz_resident');

  // Accounts the fuzzer may change or deactivate: none of them is an actor.
  const victims = [
    (await createAccount(server, { username: 'fz_victim_sec', role: 'SECRETARY', scopeUnitId: B.courtyard }, PASSWORD)).id,
    (await createAccount(server, { username: 'fz_victim_resp', role: 'RESPONDER', memberId: responderB }, PASSWORD)).id,
    (await registerResident(server, 'fz_victim_res')).id,
  ];

  // Requests in each status (ROAD goes to the skilled responder; OTHER waits at the branch).
  const requests: string[] = [];
  const events: string[] = [];
  const submit = async (street: Street, code: string, token?: string) => {
    const d = await must(server, `mutation($i: SubmitServiceRequestInput!) { submitServiceRequest(input: $i) { ${REQUEST} } }`, {
      i: { categoryCode: code, description: `fuzz world ${code}`, courtyardId: street.courtyard },
    }, token);
    requests.push(d.submitServiceRequest.id);
    events.push(...d.submitServiceRequest.events.map((e: { id: string }) => e.id));
    return d.submitServiceRequest.id as string;
  };
  const act = async (mutation: string, type: string, input: Record<string, unknown>, token?: string) =>
    must(server, `mutation($i: ${type}!) { ${mutation}(input: $i) { id } }`, { i: input }, token);

  await submit(A, 'OTHER'); // PENDING_DISPATCH at A.branch
  await submit(B, 'OTHER', resident.token); // PENDING_DISPATCH at B.branch, a resident's
  await submit(A, 'ROAD', resident.token); // ASSIGNED to responderA
  const inProgress = await submit(A, 'ROAD');
  await act('acceptServiceRequest', 'RequestActionInput', { requestId: inProgress }, responder.token);
  const resolved = await submit(A, 'ROAD', resident.token);
  await act('acceptServiceRequest', 'RequestActionInput', { requestId: resolved }, responder.token);
  await act('resolveServiceRequest', 'RequestActionInput', { requestId: resolved });
  const closed = await submit(B, 'ROAD');
  await act('assignServiceRequest', 'AssignServiceRequestInput', { requestId: closed, responderId: responderB });
  await act('cancelServiceRequest', 'CancelServiceRequestInput', { requestId: closed, reason: 'fuzz world' });

  const units = await must(server, `{ orgUnits(includeArchived: true, first: 100) { nodes { id code } } }`, {});
  const categories = await must(server, `{ serviceCategories { id code } }`, {});
  return {
    A,
    B,
    tokens: {
      CITY_ADMIN: server.adminToken,
      STREET_ADMIN: streetAdmin.token,
      SECRETARY: secretary.token,
      RESPONDER: responder.token,
      RESIDENT: resident.token,
      ANONYMOUS: null,
    },
    ids: {
      OrgUnit: [...units.orgUnits.nodes.map((n: { id: string }) => n.id), extra.createOrgUnit.id],
      Member: members,
      User: victims,
      ServiceCategory: categories.serviceCategories.map((c: { id: string }) => c.id),
      ServiceRequest: requests,
      RequestEvent: events,
    },
    categoryCodes: categories.serviceCategories.map((c: { code: string }) => c.code),
    unitCodes: units.orgUnits.nodes.map((n: { code: string }) => n.code),
    points: [A.inCourtyard, A.inBranchOnly, B.inCourtyard, B.inBranchOnly, { lat: 30.16, lng: 110.11 }],
  };
}
