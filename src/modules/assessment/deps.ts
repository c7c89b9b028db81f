/**
 * What the assessment module uses of other modules, in one place: their public services and
 * types (never a repository). When those modules publish an index.ts, only this file changes.
 */
export { OrgUnit, OrgLevel, type OrgUnitRow } from '../org/org-unit.model.js';
export { OrgService } from '../org/org.service.js';
export { OrgModule } from '../org/org.module.js';
export { User } from '../people/user.model.js';
export { UsersService } from '../people/users.service.js';
export { PeopleModule } from '../people/people.module.js';
export { RequestsModule } from '../requests/requests.module.js';
export { RequestsService } from '../requests/requests.service.js';
export { RequestQueries } from '../requests/request-queries.service.js';
export { RequestDisclosure } from '../requests/request-disclosure.js';
export { RequestImporter, type ImportCase } from '../requests/request-import.js';
export { ServiceRequest, RequestSource, type RequestRow } from '../requests/request.model.js';
export { AuditService } from '../audit/audit.service.js';
