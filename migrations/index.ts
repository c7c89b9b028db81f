import { OrgTree1795942800000 } from './1795942800000-org-tree.js';

/**
 * Every migration, oldest first. Listed here rather than globbed, so that the compiled
 * server and the TypeScript test run load the very same classes.
 */
export const MIGRATIONS = [OrgTree1795942800000];
