import type { Area } from './area';

/** The volunteers pages: their menu entries and lazy routes (each page its own chunk). */
export const area: Area = { nav: [], routes: [] };
