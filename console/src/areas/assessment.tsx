import { ControlOutlined, FileDoneOutlined, NotificationOutlined, SearchOutlined, TrophyOutlined, WarningOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import { Navigate } from 'react-router';
import type { Me } from '../auth';
import { readsAssessment } from '../pages/assessment/roles';
import type { Area } from './area';

const RankingPage = lazy(() => import('../pages/assessment/RankingPage'));
const ResultsPage = lazy(() => import('../pages/assessment/ResultsPage'));
const InspectionsPage = lazy(() => import('../pages/assessment/InspectionsPage'));
const NoticesPage = lazy(() => import('../pages/assessment/NoticesPage'));
const NegativeListPage = lazy(() => import('../pages/assessment/NegativeListPage'));
const SchemePage = lazy(() => import('../pages/assessment/SchemePage'));

/** Readers of assessments (the API refuses RESPONDER and RESIDENT); what each may do on a page is the page's and the API's business. */
const forReaders = (page: JSX.Element) => (me: Me) => (readsAssessment(me) ? page : null);

/** The assessment pages: their menu entries and lazy routes (each page its own chunk). */
export const area: Area = {
  nav: [
    { path: '/assessment/ranking', label: 'navAsRanking', icon: <TrophyOutlined />, show: readsAssessment },
    { path: '/assessment/results', label: 'navAsResults', icon: <FileDoneOutlined />, show: readsAssessment },
    { path: '/assessment/inspections', label: 'navAsInspections', icon: <SearchOutlined />, show: readsAssessment },
    { path: '/assessment/notices', label: 'navAsNotices', icon: <NotificationOutlined />, show: readsAssessment },
    { path: '/assessment/negative-list', label: 'navAsNegative', icon: <WarningOutlined />, show: readsAssessment },
    { path: '/assessment/scheme', label: 'navAsScheme', icon: <ControlOutlined />, show: readsAssessment },
  ],
  routes: [
    { path: '/assessment', element: forReaders(<Navigate to="/assessment/ranking" replace />) },
    { path: '/assessment/ranking', element: forReaders(<RankingPage />) },
    { path: '/assessment/results', element: forReaders(<ResultsPage />) },
    { path: '/assessment/inspections', element: forReaders(<InspectionsPage />) },
    { path: '/assessment/notices', element: forReaders(<NoticesPage />) },
    { path: '/assessment/negative-list', element: forReaders(<NegativeListPage />) },
    { path: '/assessment/scheme', element: forReaders(<SchemePage />) },
  ],
};
