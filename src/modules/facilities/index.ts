// The facilities module's surface: courtyard facilities (部件) and their types. It owns the
// tables facility_type and facility (with facility_status and the courtyard trigger); other
// modules change them only through FacilitiesService and read them in their own SQL only
// through facilitySql.
export { FacilitiesModule } from './facilities.module.js';
export { FacilitiesService } from './facilities.service.js';
export { importFacilities, type ImportedFacility, type ImportProblem } from './facility-import.js';
export { Facility, FacilityStatus, FacilityType, type FacilityRow } from './facility.model.js';
export { facilitySql } from './facilities.sql.js';
export { parseFacilityFile } from './facility-file.js';
export { seedFacilityDemo } from './facility-demo.js';
