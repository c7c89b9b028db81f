import { AuditOutlined, CalendarOutlined, HeartOutlined, SafetyCertificateOutlined, TeamOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { isStaff } from '../auth';
import type { Area } from './area';

const MyVolunteerPage = lazy(() => import('../pages/volunteers/MyVolunteerPage'));
const ActivitiesPage = lazy(() => import('../pages/volunteers/ActivitiesPage'));
const ActivityPage = lazy(() => import('../pages/volunteers/ActivityPage'));
const VolunteersPage = lazy(() => import('../pages/volunteers/VolunteersPage'));
const VolunteerPage = lazy(() => import('../pages/volunteers/VolunteerPage'));
const PendingHoursPage = lazy(() => import('../pages/volunteers/PendingHoursPage'));
export const CertificateCheckPage = lazy(() => import('../pages/volunteers/CertificateCheckPage'));

/**
 * The volunteers pages: their menu entries and lazy routes (each page its own chunk).
 * The organisers' pages are in the menu for staff; an organisation's named managers (any
 * user) reach them from their own volunteer page. Every route is open to every signed-in
 * user: the API decides what each one shows.
 */
export const area: Area = {
  nav: [
    { path: '/volunteer', label: 'navVolMine', icon: <HeartOutlined />, show: () => true },
    { path: '/volunteers/activities', label: 'navVolActivities', icon: <CalendarOutlined />, show: isStaff },
    { path: '/volunteers/people', label: 'navVolPeople', icon: <TeamOutlined />, show: isStaff },
    { path: '/volunteers/hours', label: 'navVolHours', icon: <AuditOutlined />, show: isStaff },
    { path: '/verify', label: 'navVolVerify', icon: <SafetyCertificateOutlined />, show: () => true },
  ],
  routes: [
    { path: '/volunteer', element: () => <MyVolunteerPage /> },
    { path: '/volunteers/activities', element: () => <ActivitiesPage /> },
    { path: '/volunteers/activities/:id', element: () => <ActivityPage /> },
    { path: '/volunteers/people', element: () => <VolunteersPage /> },
    { path: '/volunteers/people/:id', element: () => <VolunteerPage /> },
    { path: '/volunteers/hours', element: () => <PendingHoursPage /> },
    { path: '/verify', element: () => <CertificateCheckPage /> },
  ],
};
