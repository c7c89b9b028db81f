// The documents and SQL every side of the benchmark runs. Ours and the peer answer GraphQL;
// the floor answers the same questions with hand-written SQL (see floor-server.mjs).

const U = 'id code name level secretary { name } openRequestCount';
/** B1: one street's whole subtree to depth 4, each unit's secretary and open requests. */
export const B1_OURS = `query B1($code: String!) { orgUnit(code: $code) { ${U}
  children(first: 100) { nodes { ${U}
    children(first: 100) { nodes { ${U}
      children(first: 100) { nodes { ${U} } } } } } } } }`;

const P = 'id code name level memberByIdAndSecretaryMemberId { name } openRequestCount';
export const B1_PEER = `query B1($id: BigInt!) { orgUnitById(id: $id) { ${P}
  orgUnitsByParentId(orderBy: CODE_ASC, first: 100) { nodes { ${P}
    orgUnitsByParentId(orderBy: CODE_ASC, first: 100) { nodes { ${P}
      orgUnitsByParentId(orderBy: CODE_ASC, first: 100) { nodes { ${P} } } } } } } } }`;

/** B3: a branch secretary's queue, newest first, with assignee and courtyard. */
export const B3_OURS = `query B3($unit: ID!) { serviceRequests(filter: {unitId: $unit, status: [PENDING_DISPATCH, ASSIGNED]}, first: 50) {
  nodes { id number status createdAt assignee { id name } courtyard { id code name } } } }`;
export const B3_PEER = `query B3($unit: BigInt!) { secretaryQueue(unitId: $unit, statuses: [PENDING_DISPATCH, ASSIGNED], first: 50) {
  nodes { id number status createdAt memberByAssigneeMemberId { id name } orgUnitByCourtyardId { id code name } } } }`;

/** B2: routed intake by location. */
export const B2_OURS = `mutation B2($input: SubmitServiceRequestInput!) { submitServiceRequest(input: $input) {
  id number status unit { id } courtyard { id } assignee { id } } }`;

/** B4: re-gridding a general branch with its subtree. */
export const B4_OURS = `mutation B4($id: ID!, $to: ID!) { moveOrgUnit(input: {id: $id, newParentId: $to}) { id ancestors { code } } }`;

export const LOGIN = `mutation L($u: String!, $p: String!) { login(input: {username: $u, password: $p}) { token } }`;

export function globalId(type, id) {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
}

/** A1: assessment indicators (every figure) of one unit, and rankings. */
const IND = `unit { id code } from to received cancelled due resolvedOnTime closed resolved reworked overdueUnresolved escalations
  rated averageRating onTimeRate closureRate reworkRate satisfactionRate inspectionFindings findingsOverdue negativeEntries
  vetoed deductions score grade`;
export const A1_INDICATORS_OURS = `query A1a($code: String!, $from: DateTime!, $to: DateTime!) { orgUnit(code: $code) { indicators(from: $from, to: $to) { ${IND} } } }`;
export const A1_RANKING_OURS = `query A1r($unit: ID, $from: DateTime!, $to: DateTime!, $level: OrgLevel) {
  assessmentRanking(unitId: $unit, from: $from, to: $to, level: $level) { rank indicators { ${IND} } } }`;

/** V1: volunteer figures over a period, of every street (one query) and of one street. */
const VS = 'volunteerStats(from: $from, to: $to) { registered starred byStarLevel hours activeVolunteers organizations activities }';
export const V1_STREETS_OURS = `query V1a($from: DateTime!, $to: DateTime!) { orgUnits(level: STREET_COMMITTEE, first: 100) { nodes { id code ${VS} } } }`;
export const V1_STREET_OURS = `query V1b($code: String!, $from: DateTime!, $to: DateTime!) { orgUnit(code: $code) { id code ${VS} } }`;
