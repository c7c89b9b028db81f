/**
 * Global ids are opaque: base64url of "Type:databaseId". Anything that does not decode to a
 * known type and a positive bigint is treated as an id of nothing (NOT_FOUND or null).
 */
export type NodeTypeName =
  | 'OrgUnit'
  | 'Member'
  | 'User'
  | 'ServiceCategory'
  | 'ServiceRequest'
  | 'RequestEvent'
  | 'VolunteerOrganization'
  | 'Volunteer'
  | 'VolunteerActivity'
  | 'VolunteerSignup'
  | 'VolunteerHoursEntry'
  | 'StarAward'
  | 'Inspection'
  | 'ProblemNotice'
  | 'NegativeListEntry'
  | 'AssessmentResult'
  | 'ApiKey';

const MAX_BIGINT = 9223372036854775807n;

export function toGlobalId(type: NodeTypeName, dbId: string | number | bigint): string {
  return Buffer.from(`${type}:${dbId}`, 'utf8').toString('base64url');
}

export function fromGlobalId(globalId: string): { type: string; dbId: string } | null {
  if (typeof globalId !== 'string' || globalId.length === 0 || globalId.length > 128) return null;
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(globalId)) return null;
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const match = /^([A-Za-z]+):([1-9][0-9]{0,18})$/.exec(decoded);
  if (!match) return null;
  if (BigInt(match[2]) > MAX_BIGINT) return null;
  return { type: match[1], dbId: match[2] };
}

/** The database id behind a global id of the given type, or null. */
export function dbIdOf(globalId: string | null | undefined, type: NodeTypeName): string | null {
  if (!globalId) return null;
  const parsed = fromGlobalId(globalId);
  return parsed && parsed.type === type ? parsed.dbId : null;
}
