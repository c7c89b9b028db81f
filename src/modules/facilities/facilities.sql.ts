/**
 * SQL fragments for other modules' read statements that join facilities (the code of the
 * facility a request names). facilities owns facility: outside it, its table and columns are
 * named only through these, and only in reads.
 */
export const facilitySql = {
  table: (alias: string) => `facility ${alias}`,
  id: (alias: string) => `${alias}.id`,
  code: (alias: string) => `${alias}.code`,
} as const;
