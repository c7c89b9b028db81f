// The requests module's surface: service requests, their categories, events and live
// updates. It owns the tables service_category, service_request and request_event (with
// request_status, request_event_type and service_request_number_seq).
export { RequestsModule } from './requests.module.js';
export { RequestsFieldMaps } from './requests.fields.js';
export { guardLiveSockets, liveLimits, liveSubscriptionHooks, liveSubscriptionOptions } from './live/live-subscriptions.js';
