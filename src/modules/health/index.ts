// The health module's surface: GET /health. It owns no table.
export { HealthModule } from './health.module.js';
