import { OrgTree1795942800000 } from './1795942800000-org-tree.js';
import { PeopleAndAccounts1795944600000 } from './1795944600000-people-and-accounts.js';
import { ServiceRequests1795946400000 } from './1795946400000-service-requests.js';
import { RateLimits1795948200000 } from './1795948200000-rate-limits.js';
import { RegistrationAttempts1796060000000 } from './1796060000000-registration-attempts.js';
import { AuthSigningKey1796060100000 } from './1796060100000-auth-signing-key.js';
import { OneActiveAccountPerMember1796061000000 } from './1796061000000-one-active-account-per-member.js';
import { Volunteers1796070000000 } from './1796070000000-volunteers.js';
import { RequestSourceAndImport1796080000000 } from './1796080000000-request-source-and-import.js';
import { InspectorRole1796080100000 } from './1796080100000-inspector-role.js';
import { Assessment1796080200000 } from './1796080200000-assessment.js';
import { CalendarOverride1796085000000 } from './1796085000000-calendar-override.js';
import { CategoryWorkingTime1796085100000 } from './1796085100000-category-working-time.js';
import { Facilities1796086000000 } from './1796086000000-facilities.js';
import { RequestFacilityAndFollowers1796086100000 } from './1796086100000-request-facility-and-followers.js';
import { RequestIntake1796090001000 } from './1796090001000-request-intake.js';
import { ApiKeys1796090002000 } from './1796090002000-api-keys.js';
import { AssessmentCoveringIndexes1796090003000 } from './1796090003000-assessment-covering-indexes.js';
import { VolunteerStatsRollups1796090013000 } from './1796090013000-volunteer-stats-rollups.js';
import { RequestQuarterCounts1796090020000 } from './1796090020000-request-quarter-counts.js';
import { AccountAsReadCheck1796090030000 } from './1796090030000-account-as-read-check.js';
import { VolunteerSubtreeRollups1796090040000 } from './1796090040000-volunteer-subtree-rollups.js';

/**
 * Every migration, oldest first. Listed here rather than globbed, so that the compiled
 * server and the TypeScript test run load the very same classes.
 */
export const MIGRATIONS = [
  OrgTree1795942800000,
  PeopleAndAccounts1795944600000,
  ServiceRequests1795946400000,
  RateLimits1795948200000,
  RegistrationAttempts1796060000000,
  AuthSigningKey1796060100000,
  OneActiveAccountPerMember1796061000000,
  Volunteers1796070000000,
  RequestSourceAndImport1796080000000,
  InspectorRole1796080100000,
  Assessment1796080200000,
  CalendarOverride1796085000000,
  CategoryWorkingTime1796085100000,
  Facilities1796086000000,
  RequestFacilityAndFollowers1796086100000,
  RequestIntake1796090001000,
  ApiKeys1796090002000,
  AssessmentCoveringIndexes1796090003000,
  VolunteerStatsRollups1796090013000,
  RequestQuarterCounts1796090020000,
  AccountAsReadCheck1796090030000,
  VolunteerSubtreeRollups1796090040000,
];
