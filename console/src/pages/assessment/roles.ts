import type { Me } from '../../auth';

// Who does what, as the contract's "Assessment" section says; the API checks it again.
export const readsAssessment = (me: Me) => ['CITY_ADMIN', 'STREET_ADMIN', 'SECRETARY', 'INSPECTOR'].includes(me.role);
export const supervises = (me: Me) => ['CITY_ADMIN', 'STREET_ADMIN', 'INSPECTOR'].includes(me.role);
export const publishes = (me: Me) => me.role === 'CITY_ADMIN' || me.role === 'STREET_ADMIN';
/** The city-wide ranking of streets: CITY_ADMIN, every STREET_ADMIN, an INSPECTOR with no scope. */
export const readsCityWide = (me: Me) => me.role === 'CITY_ADMIN' || me.role === 'STREET_ADMIN' || (me.role === 'INSPECTOR' && !me.scope);
export const respondsToNotices = (me: Me) => ['CITY_ADMIN', 'STREET_ADMIN', 'SECRETARY'].includes(me.role);
