/**
 * What the assessment module uses of other modules, in one place: only their index.ts
 * (public services, ports and types; never a repository).
 */
export { OrgUnit, OrgLevel, type OrgUnitRow, OrgService, OrgModule, orgUnitSql } from '../org/index.js';
export { User, UsersService, PeopleModule } from '../people/index.js';
export {
  RequestsModule,
  RequestsService,
  RequestQueries,
  RequestDisclosure,
  RequestImporter,
  type ImportCase,
  ServiceRequest,
  RequestSource,
  type RequestRow,
  isWholeQuarters,
  requestQuarterCountsSql,
} from '../requests/index.js';
export { AuditService, AuditModule } from '../audit/index.js';
export { NodeModule } from '../node/index.js';
