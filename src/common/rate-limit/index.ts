export { limitAddress } from './client-address.js';
export { RateLimitedError } from './mutation-rate-limit.hook.js';
export { RateLimitModule } from './rate-limit.module.js';
export { RegistrationLimiter } from './registration-limiter.js';
