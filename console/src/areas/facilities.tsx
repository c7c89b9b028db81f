import { EnvironmentOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { isStaff } from '../auth';
import type { Area } from './area';

const FacilitiesPage = lazy(() => import('../pages/facilities/FacilitiesPage'));

/**
 * The facilities pages: their menu entries and lazy routes (each page its own chunk). The
 * duplicates and following panels live on the request and report pages
 * (pages/facilities/RequestExtras, SimilarReports).
 */
export const area: Area = {
  nav: [{ path: '/facilities', label: 'navFacilities', icon: <EnvironmentOutlined />, show: isStaff }],
  routes: [{ path: '/facilities', element: (me) => (isStaff(me) ? <FacilitiesPage /> : null) }],
};
