import { ApiOutlined, CalendarOutlined, TagsOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { Me } from '../auth';
import type { Area } from './area';

const CategoriesPage = lazy(() => import('../pages/admin/CategoriesPage'));
const CalendarPage = lazy(() => import('../pages/admin/CalendarPage'));
const ApiKeysPage = lazy(() => import('../pages/admin/ApiKeysPage'));

const cityAdmin = (me: Me) => me.role === 'CITY_ADMIN';

/** The city admin's pages: their menu entries and lazy routes (each page its own chunk). */
export const area: Area = {
  nav: [
    { path: '/admin/categories', label: 'navCategories', icon: <TagsOutlined />, show: cityAdmin },
    { path: '/admin/calendar', label: 'navCalendar', icon: <CalendarOutlined />, show: cityAdmin },
    { path: '/admin/api-keys', label: 'navApiKeys', icon: <ApiOutlined />, show: cityAdmin },
  ],
  routes: [
    { path: '/admin/categories', element: (me) => (cityAdmin(me) ? <CategoriesPage /> : null) },
    { path: '/admin/calendar', element: (me) => (cityAdmin(me) ? <CalendarPage /> : null) },
    { path: '/admin/api-keys', element: (me) => (cityAdmin(me) ? <ApiKeysPage /> : null) },
  ],
};
