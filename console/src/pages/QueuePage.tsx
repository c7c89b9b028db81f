import { ReloadOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { App, Badge, Button, Card, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useQuery, useSubscription } from 'urql';
import type { RequestStatus, ServiceRequestOrder } from '../gql/graphql';
import { useI18n } from '../i18n';
import type { MessageKey } from '../messages';
import { CategoriesQuery, RequestChangedSubscription, RequestsQuery } from '../ops';
import { formatTime, isOverdue, StatusTag } from '../util';
import { UnitPicker } from './PeoplePage';

const ALL_STATUSES: RequestStatus[] = ['PENDING_DISPATCH', 'ASSIGNED', 'IN_PROGRESS', 'RESOLVED', 'CLOSED', 'CANCELLED'];
const ORDERS: ServiceRequestOrder[] = ['NEWEST', 'OLDEST', 'DUE_SOONEST'];

/** The secretary's queue: requests in scope, the contract's filters and orders, live. */
export default function QueuePage() {
  const { t, lang } = useI18n();
  const { notification } = App.useApp();
  const [status, setStatus] = useState<RequestStatus[]>(['PENDING_DISPATCH', 'ASSIGNED', 'IN_PROGRESS', 'RESOLVED']);
  const [categoryCode, setCategoryCode] = useState<string | undefined>();
  const [overdue, setOverdue] = useState(false);
  const [orderBy, setOrderBy] = useState<ServiceRequestOrder>('NEWEST');
  const [unitId, setUnitId] = useState<string | undefined>();
  const [first, setFirst] = useState(20);
  const [flash, setFlash] = useState<Set<string>>(new Set());
  const [categories] = useQuery({ query: CategoriesQuery });
  const filter = useMemo(
    () => ({ status: status.length ? status : undefined, categoryCode, overdue: overdue || undefined, unitId }),
    [status, categoryCode, overdue, unitId],
  );
  const [requests, refetch] = useQuery({ query: RequestsQuery, variables: { filter, orderBy, first } });

  // Every change in the user's scope: refetch the page and mark the row for a moment.
  const [change] = useSubscription({ query: RequestChangedSubscription, variables: { unitId: null } });
  const seen = useRef<string | null>(null);
  useEffect(() => {
    const c = change.data?.serviceRequestChanged;
    if (!c || seen.current === c.event.id) return;
    seen.current = c.event.id;
    refetch({ requestPolicy: 'network-only' });
    setFlash((s) => new Set(s).add(c.requestId));
    const timer = setTimeout(() => setFlash((s) => { const next = new Set(s); next.delete(c.requestId); return next; }), 4000);
    if (c.request) {
      notification.info({
        key: c.event.id,
        message: t('liveArrived', { number: c.request.number, event: t(`event${c.event.type}` as MessageKey) }),
        placement: 'bottomRight',
        duration: 3,
      });
    }
    return () => clearTimeout(timer);
  }, [change.data, refetch, notification, t]);

  const now = Date.now();
  const rows = requests.data?.serviceRequests.nodes ?? [];
  return (
    <Card>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={4} className="gg-page-title">
          <UnorderedListOutlined /> {t('queueTitle')}{' '}
          <Badge count={requests.data?.serviceRequests.totalCount ?? 0} showZero overflowCount={9999} color="#4e5969" />
        </Typography.Title>
        <Space>
          <Badge status={change.error ? 'default' : 'processing'} text={t('live')} data-testid="live-indicator" />
          <Button icon={<ReloadOutlined />} onClick={() => refetch({ requestPolicy: 'network-only' })}>
            {t('refresh')}
          </Button>
        </Space>
      </Space>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          mode="multiple"
          aria-label={t('status')}
          placeholder={t('status')}
          value={status}
          onChange={setStatus}
          style={{ minWidth: 280 }}
          options={ALL_STATUSES.map((s) => ({ value: s, label: t(`status${s}` as MessageKey) }))}
          maxTagCount="responsive"
        />
        <Select
          allowClear
          aria-label={t('category')}
          placeholder={t('category')}
          value={categoryCode}
          onChange={setCategoryCode}
          style={{ minWidth: 160 }}
          options={(categories.data?.serviceCategories ?? []).map((c) => ({ value: c.code, label: c.name }))}
        />
        <UnitPicker value={unitId} onChange={(id) => setUnitId(id)} ariaLabel={t('unit')} />
        {unitId && (
          <Button size="small" onClick={() => setUnitId(undefined)}>
            ✕
          </Button>
        )}
        <Space size={4}>
          <Switch checked={overdue} onChange={setOverdue} aria-label={t('onlyOverdue')} />
          <Typography.Text>{t('onlyOverdue')}</Typography.Text>
        </Space>
        <Select
          aria-label={t('order')}
          value={orderBy}
          onChange={setOrderBy}
          style={{ minWidth: 140 }}
          options={ORDERS.map((o) => ({ value: o, label: t(`order${o}` as MessageKey) }))}
        />
      </Space>
      <Table
        rowKey="id"
        size="middle"
        loading={requests.fetching && !requests.data}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 960 }}
        rowClassName={(r) => (flash.has(r.id) ? 'gg-row-flash' : '')}
        columns={[
          { title: t('number'), dataIndex: 'number', render: (n: string, r) => <Link to={`/requests/${encodeURIComponent(r.id)}`}>{n}</Link> },
          { title: t('category'), render: (_, r) => r.category.name },
          { title: t('description'), dataIndex: 'description', ellipsis: true },
          { title: t('status'), dataIndex: 'status', render: (s: RequestStatus) => <StatusTag status={s} /> },
          { title: t('holder'), render: (_, r) => r.unit.name },
          { title: t('assignee'), render: (_, r) => r.assignee?.name ?? '—' },
          {
            title: t('acceptDue'),
            render: (_, r) => {
              const late = isOverdue(r, now);
              return (
                <Space size={4}>
                  <span className={late ? 'gg-overdue' : undefined}>{formatTime(r.acceptDueAt ?? r.resolveDueAt, lang)}</span>
                  {late && <Tag color="red">{t('overdue')}</Tag>}
                </Space>
              );
            },
          },
          { title: t('createdAt'), dataIndex: 'createdAt', render: (v: string) => formatTime(v, lang) },
        ]}
      />
      {requests.data?.serviceRequests.pageInfo.hasNextPage && (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button onClick={() => setFirst((n) => Math.min(n + 20, 100))} disabled={first >= 100}>
            +20
          </Button>
        </div>
      )}
    </Card>
  );
}
