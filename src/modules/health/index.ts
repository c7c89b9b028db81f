// The health module's surface: GET /health (the database, and the years the holiday data lacks). It owns no table.
export { HealthModule } from './health.module.js';
