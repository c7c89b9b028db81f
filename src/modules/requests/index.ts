// The requests module's surface: service requests, their categories, events and live
// updates. It owns the tables service_category, service_request and request_event (with
// request_status, request_event_type and service_request_number_seq), service_request_intake
// (a submission's contact details and intake key), request_follower and request_quarter_counts
// (per-unit, per-quarter roll-ups kept in step by triggers; read through request-rollups.ts).
export { RequestsModule } from './requests.module.js';
export { RequestsFieldMaps } from './requests.fields.js';
export { guardLiveSockets, liveLimits, liveSubscriptionHooks, liveSubscriptionOptions } from './live/live-subscriptions.js';
export { RequestFactsService, type RequestSnapshot } from './request-facts.service.js';
export { RequestsService } from './requests.service.js';
export { DuplicateDemo } from './duplicate-demo.js';
export { RequestQueries } from './request-queries.service.js';
export { RequestDisclosure } from './request-disclosure.js';
export { IMPORT_BATCH_LIMIT, RequestImporter, type ImportCase } from './request-import.js';
export { isWholeQuarters, requestQuarterCountsSql } from './request-rollups.js';
export { parseImportCsv } from './request-import-file.js';
export { RequestStatus, ServiceRequest, RequestSource, type RequestRow } from './request.model.js';
export { SubmitServiceRequestInput } from './dtos/request.inputs.js';
export type { PublicRequestFilter, PublicRequestView, SubmitOptions } from './request-intake.model.js';
/** Root query fields counted against the caller's mutation rate limit (server.ts). */
export const RATE_LIMITED_QUERIES: ReadonlySet<string> = new Set(['similarServiceRequests']);
