/** What other modules may use of the volunteer service: its module, services and types; never its repository. */
export { VolunteersModule } from './volunteers.module.js';
export { VolunteersService } from './volunteers.service.js';
export { VolunteersFieldMaps } from './volunteers.fields.js';
export { AutoCheckoutWorker } from './auto-checkout.worker.js';
export { DEFAULT_STAR_THRESHOLDS, eligibleLevel, parseStarThresholds } from './star-thresholds.js';
export { Volunteer, VolunteerOrganization, VolunteerOrgKind } from './volunteer.models.js';
export { seedVolunteerDemo } from './demo-seed.js';
