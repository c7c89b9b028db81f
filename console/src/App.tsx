import {
  AlertOutlined,
  ApartmentOutlined,
  BarChartOutlined,
  FileTextOutlined,
  GlobalOutlined,
  LogoutOutlined,
  KeyOutlined,
  TeamOutlined,
  ToolOutlined,
  UnorderedListOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { App as AntApp, Button, ConfigProvider, Dropdown, Layout, Menu, Result, Space, Spin, Typography } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense, useState, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { AREAS } from './areas';
import { CertificateCheckPage } from './areas/volunteers';
import type { NavItem } from './areas/area';
import { isAdmin, isStaff, SessionProvider, useSession, type Me } from './auth';
import { ConsoleConfigContext, type ConsoleConfig } from './config';
import { I18nProvider, useI18n } from './i18n';
import type { MessageKey } from './messages';
import './app.css';

const LoginPage = lazy(() => import('./pages/LoginPage'));
const PasswordPage = lazy(() => import('./pages/PasswordPage'));
const TreePage = lazy(() => import('./pages/TreePage'));
const PeoplePage = lazy(() => import('./pages/PeoplePage'));
const QueuePage = lazy(() => import('./pages/QueuePage'));
const RequestPage = lazy(() => import('./pages/RequestPage'));
const TasksPage = lazy(() => import('./pages/TasksPage'));
const ReportPage = lazy(() => import('./pages/ReportPage'));
const MyReportsPage = lazy(() => import('./pages/MyReportsPage'));
const DashboardPage = lazy(() => import('./pages/DashboardPage'));

/** The pages each role sees, in menu order; the API scopes what they show. */
const CORE_NAV: NavItem[] = [
  { path: '/dashboard', label: 'navDashboard', icon: <BarChartOutlined />, show: isStaff },
  { path: '/queue', label: 'navQueue', icon: <UnorderedListOutlined />, show: isStaff },
  { path: '/tree', label: 'navTree', icon: <ApartmentOutlined />, show: (me) => me.role !== 'RESIDENT' },
  { path: '/people', label: 'navPeople', icon: <TeamOutlined />, show: isStaff },
  { path: '/tasks', label: 'navTasks', icon: <ToolOutlined />, show: (me) => me.role === 'RESPONDER' },
  { path: '/report', label: 'navReport', icon: <AlertOutlined />, show: () => true },
  { path: '/my-reports', label: 'navMyReports', icon: <FileTextOutlined />, show: () => true },
];
const NAV: NavItem[] = [...CORE_NAV, ...AREAS.flatMap((area) => area.nav)];

export function homeOf(me: Me): string {
  if (me.role === 'RESIDENT') return '/my-reports';
  if (me.role === 'RESPONDER') return '/tasks';
  if (me.role === 'SECRETARY') return '/queue';
  if (me.role === 'INSPECTOR') return '/assessment/ranking';
  return '/tree';
}

export function App({ config, nonce }: { config: ConsoleConfig; nonce: string }) {
  return (
    <I18nProvider>
      <Themed nonce={nonce}>
        <ConsoleConfigContext.Provider value={config}>
          <SessionProvider>
            <BrowserRouter>
              <Shell />
            </BrowserRouter>
          </SessionProvider>
        </ConsoleConfigContext.Provider>
      </Themed>
    </I18nProvider>
  );
}

function Themed({ nonce, children }: { nonce: string; children: ReactNode }) {
  const { lang } = useI18n();
  return (
    <ConfigProvider
      locale={lang === 'en' ? enUS : zhCN}
      csp={{ nonce }}
      theme={{
        token: {
          colorPrimary: '#b8232f',
          // antd's default greys and red fall below WCAG AA contrast (4.5:1) on white.
          colorError: '#c4161c',
          colorLink: '#0a4fc4',
          colorTextSecondary: 'rgba(0, 0, 0, 0.66)',
          colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
          colorTextDescription: 'rgba(0, 0, 0, 0.62)',
          colorTextPlaceholder: 'rgba(0, 0, 0, 0.56)',
          borderRadius: 6,
          fontFamily: 'system-ui, -apple-system, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif',
        },
      }}
    >
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

function Loading() {
  const { t } = useI18n();
  return (
    <div className="gg-loading">
      <Spin tip={t('loading')}>
        <div className="gg-loading-box" />
      </Spin>
    </div>
  );
}

function Shell() {
  const { me, loading } = useSession();
  if (loading) return <Loading />;
  if (!me) {
    return (
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route path="/verify" element={<CertificateCheckPage />} />
          <Route path="*" element={<LoginPage />} />
        </Routes>
      </Suspense>
    );
  }
  return <SignedIn me={me} />;
}

function SignedIn({ me }: { me: Me }) {
  const { t, lang, setLang } = useI18n();
  const { signOut } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  const items = NAV.filter((item) => item.show(me));
  const selected = items.find((item) => location.pathname.startsWith(item.path))?.path;
  const staffOnly = (page: ReactNode) => (isStaff(me) ? page : <Navigate to={homeOf(me)} replace />);

  return (
    <Layout className="gg-shell">
      <Layout.Sider
        breakpoint="lg"
        collapsedWidth={0}
        collapsed={collapsed}
        onCollapse={setCollapsed}
        width={208}
        className="gg-sider"
        theme="light"
      >
        <div className="gg-brand">
          <span className="gg-brand-mark" aria-hidden="true">
            网
          </span>
          <span className="gg-brand-name">{t('appName')}</span>
        </div>
        <nav aria-label={t('appName')}>
          <Menu
            mode="inline"
            selectedKeys={selected ? [selected] : []}
            items={items.map((item) => ({ key: item.path, icon: item.icon, label: t(item.label) }))}
            onClick={({ key }) => {
              navigate(key);
              if (window.innerWidth < 992) setCollapsed(true);
            }}
          />
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header className="gg-header">
          <Typography.Text className="gg-header-scope" ellipsis>
            {me.scope ? me.scope.name : me.role === 'CITY_ADMIN' ? t('scopeAll') : (me.member?.unit.name ?? '')}
          </Typography.Text>
          <Space size="small">
            <Button type="text" icon={<GlobalOutlined />} onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
              {t('language')}
            </Button>
            <Dropdown
              menu={{
                items: [
                  { key: 'password', icon: <KeyOutlined />, label: t('changePassword') },
                  { key: 'signout', icon: <LogoutOutlined />, label: t('signOut') },
                ],
                onClick: ({ key }) => {
                  if (key === 'password') navigate('/password');
                  else {
                    signOut();
                    navigate('/');
                  }
                },
              }}
            >
              <Button type="text" icon={<UserOutlined />} data-testid="user-menu">
                {me.name ?? me.username} · {t(`role${me.role}` as MessageKey)}
              </Button>
            </Dropdown>
          </Space>
        </Layout.Header>
        <Layout.Content className="gg-content">
          <main>
            <Suspense fallback={<Loading />}>
              <Routes>
                <Route path="/" element={<Navigate to={homeOf(me)} replace />} />
                <Route path="/login" element={<Navigate to={homeOf(me)} replace />} />
                <Route path="/password" element={<PasswordPage />} />
                <Route path="/tree" element={me.role === 'RESIDENT' ? <Navigate to={homeOf(me)} replace /> : <TreePage />} />
                <Route path="/people" element={staffOnly(<PeoplePage />)} />
                <Route path="/queue" element={staffOnly(<QueuePage />)} />
                <Route path="/dashboard" element={staffOnly(<DashboardPage />)} />
                <Route path="/requests/:id" element={<RequestPage />} />
                <Route path="/tasks" element={<TasksPage />} />
                <Route path="/report" element={<ReportPage />} />
                <Route path="/my-reports" element={<MyReportsPage />} />
                {AREAS.flatMap((area) => area.routes).map((route) => (
                  <Route key={route.path} path={route.path} element={route.element(me) ?? <Navigate to={homeOf(me)} replace />} />
                ))}
                <Route
                  path="*"
                  element={<Result status="404" title="404" subTitle={t('pageNotFound')} extra={<Button onClick={() => navigate(homeOf(me))}>{t('home')}</Button>} />}
                />
              </Routes>
            </Suspense>
          </main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
