/** The assessment module's public face: what other modules (and app.module) may use. */
export { AssessmentModule } from './assessment.module.js';
export { AssessmentService } from './assessment.service.js';
export { AssessmentFieldMaps } from './assessment.fields.js';
export { AssessmentDemo } from './assessment-demo.js';
export type { IndicatorsData } from './assessment.model.js';
