import type { Area } from './area';

/** The admin pages: their menu entries and lazy routes (each page its own chunk). */
export const area: Area = { nav: [], routes: [] };
