import { area as admin } from './admin';
import type { Area } from './area';
import { area as assessment } from './assessment';
import { area as facilities } from './facilities';
import { area as volunteers } from './volunteers';

/** The areas after the core pages, in menu order. */
export const AREAS: Area[] = [volunteers, assessment, facilities, admin];
