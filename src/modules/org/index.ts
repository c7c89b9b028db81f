// The org module's surface: the "3+1" tree. It owns the table org_unit (with its triggers,
// org_level and org_level_depth); other modules change it only through OrgService and read
// it in their own SQL only through orgUnitSql.
export { OrgModule } from './org.module.js';
export { OrgService } from './org.service.js';
export { OrgFieldMaps } from './org.fields.js';
export { ArchiveChecks, ChildColumn, ChildrenReadAlong, UnitMoves, type ArchiveRefusal, type UnitMove } from './org.ports.js';
export { orgUnitSql } from './org.sql.js';
export { OrgLevel, OrgUnit, type OrgUnitRow } from './org-unit.model.js';
export { demoTreeRows } from './import/demo-tree.js';
export { formatProblem, parseTreeFile, treeFileFormat } from './import/tree-file.js';
export { importTree, importTreeInTransaction, TreeImportError } from './import/tree-import.js';
