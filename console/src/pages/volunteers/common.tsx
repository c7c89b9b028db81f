import { Button, List, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useClient, useQuery } from 'urql';
import type { Me } from '../../auth';
import { isStaff } from '../../auth';
import type { ActivityStatus, HoursEntryRowFragment, HoursSource, HoursStatus, SignupStatus } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../messages';
import { SearchUnitsQuery } from '../../ops';
import { formatTime } from '../../util';
import { ManagedOrganizationsQuery } from './ops';
import './volunteers.css';

/** Tag colours dark enough on their tint for WCAG AA (antd's preset tags are not). */
const GREEN = { color: '#135200', background: '#f6ffed', borderColor: '#b7eb8f' };
const BLUE = { color: '#003eb3', background: '#e6f4ff', borderColor: '#91caff' };
const AMBER = { color: '#ad4e00', background: '#fff7e6', borderColor: '#ffd591' };
const RED = { color: '#a8071a', background: '#fff1f0', borderColor: '#ffa39e' };
const GREY = { color: '#434343', background: '#fafafa', borderColor: '#d9d9d9' };

const ACTIVITY_STYLE: Record<ActivityStatus, typeof GREEN> = { PUBLISHED: BLUE, CLOSED: GREEN, CANCELLED: GREY };
const SIGNUP_STYLE: Record<SignupStatus, typeof GREEN> = { SIGNED_UP: BLUE, CHECKED_IN: AMBER, COMPLETED: GREEN, CANCELLED: GREY };
const HOURS_STYLE: Record<HoursStatus, typeof GREEN> = { PENDING: AMBER, APPROVED: GREEN, REJECTED: RED };

export function ActivityStatusTag({ status }: { status: ActivityStatus }) {
  const { t } = useI18n();
  return <Tag style={ACTIVITY_STYLE[status]} data-status={status}>{t(`volActivity${status}` as MessageKey)}</Tag>;
}

export function SignupStatusTag({ status }: { status: SignupStatus }) {
  const { t } = useI18n();
  return <Tag style={SIGNUP_STYLE[status]} data-status={status}>{t(`volSignup${status}` as MessageKey)}</Tag>;
}

export function HoursStatusTag({ status }: { status: HoursStatus }) {
  const { t } = useI18n();
  return <Tag style={HOURS_STYLE[status]} data-status={status}>{t(`volHours${status}` as MessageKey)}</Tag>;
}

export function RevokedTag() {
  const { t } = useI18n();
  return <Tag style={RED}>{t('volRevoked')}</Tag>;
}

export function NoticeTag({ until }: { until: string }) {
  const { t, lang } = useI18n();
  return <Tag style={AMBER}>{t('volUnderNotice', { until: formatTime(until, lang) })}</Tag>;
}

/** 一星 … 五星 in words (screen readers get the words, not the glyphs). */
export function Stars({ level }: { level: number }) {
  const { t } = useI18n();
  if (level <= 0) return <span>{t('volNoStar')}</span>;
  return (
    <span className="gg-vol-stars">
      <span aria-hidden="true">{'★'.repeat(level)}</span> {t('volStarN', { n: level })}
    </span>
  );
}

export const hoursText = (h: number) => h.toFixed(1);

/** The hours ledger, newest first. */
export function HoursTable({ rows, loading, onCorrect }: { rows: HoursEntryRowFragment[]; loading?: boolean; onCorrect?(entry: HoursEntryRowFragment): void }) {
  const { t, lang } = useI18n();
  return (
    <Table
      rowKey="id"
      size="small"
      loading={loading}
      dataSource={rows}
      pagination={false}
      scroll={{ x: 640 }}
      columns={[
        { title: t('volServiceDate'), dataIndex: 'serviceDate' },
        { title: t('volHoursCol'), dataIndex: 'hours', render: (h: number) => hoursText(h) },
        { title: t('volSourceCol'), dataIndex: 'source', render: (s: HoursSource) => t(`volSource${s}` as MessageKey) },
        { title: t('status'), dataIndex: 'status', render: (s: HoursStatus) => <HoursStatusTag status={s} /> },
        { title: t('description'), render: (_, r) => r.description ?? r.activity?.title ?? '—' },
        { title: t('volOrganization'), render: (_, r) => r.organization?.name ?? '—' },
        { title: t('volRecordedAt'), dataIndex: 'createdAt', render: (v: string) => formatTime(v, lang) },
        ...(onCorrect
          ? [
              {
                title: t('actions'),
                render: (_: unknown, r: HoursEntryRowFragment) =>
                  r.status === 'APPROVED' && r.source !== 'CORRECTION' ? (
                    <Button size="small" onClick={() => onCorrect(r)}>
                      {t('volCorrect')}
                    </Button>
                  ) : null,
              },
            ]
          : []),
      ]}
    />
  );
}

/** The ledger as a list, for a phone (a wide table would scroll sideways). */
export function HoursList({ rows }: { rows: HoursEntryRowFragment[] }) {
  const { t } = useI18n();
  if (rows.length === 0) return <Typography.Text type="secondary">{t('volNoHours')}</Typography.Text>;
  return (
    <List
      size="small"
      dataSource={rows}
      renderItem={(r) => (
        <List.Item data-testid="hours-entry">
          <Space direction="vertical" size={0} style={{ width: '100%' }}>
            <Space wrap>
              <Typography.Text strong>{hoursText(r.hours)} {t('volHourUnit')}</Typography.Text>
              <HoursStatusTag status={r.status} />
              <Typography.Text type="secondary">{r.serviceDate} · {t(`volSource${r.source}` as MessageKey)}</Typography.Text>
            </Space>
            <Typography.Text style={{ fontSize: 13 }}>
              {[r.description ?? r.activity?.title, r.organization?.name].filter(Boolean).join(' · ') || '—'}
            </Typography.Text>
          </Space>
        </List.Item>
      )}
    />
  );
}

/** An ISO instant as the value of <input type="datetime-local"> in the browser's zone, and back. */
export function toLocalInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
export const fromLocalInput = (value: string) => new Date(value).toISOString();

/** Today in Asia/Shanghai as YYYY-MM-DD (the ledger's service day). */
export function shanghaiToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/**
 * The organisations the caller manages as the API decides it: named as a manager, or staff in
 * scope of the organisation's unit (CITY_ADMIN everywhere). The first 100 organisations.
 */
export function useManagedOrganizations(me: Me) {
  const [result] = useQuery({ query: ManagedOrganizationsQuery, variables: {} });
  const orgs = (result.data?.volunteerOrganizations.nodes ?? []).filter((o) => {
    if (o.managers.some((m) => m.id === me.id)) return true;
    if (!isStaff(me)) return false;
    if (me.role === 'CITY_ADMIN') return true;
    const scopeId = me.scope?.id;
    return !!scopeId && (o.unit.id === scopeId || o.unit.ancestors.some((a) => a.id === scopeId));
  });
  return { orgs, fetching: result.fetching };
}

/** Units by name: every live unit, or (scoped) only the caller's subtree. */
export function UnitSelect({
  value,
  onChange,
  ariaLabel,
  scoped,
  id,
}: {
  value?: string;
  onChange?(id: string): void;
  ariaLabel: string;
  scoped?: Me;
  id?: string;
}) {
  const { t } = useI18n();
  const client = useClient();
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  const search = async (text: string) => {
    const result = await client.query(SearchUnitsQuery, { search: text || null }, { requestPolicy: 'network-only' }).toPromise();
    const scopeId = scoped?.scope?.id;
    setOptions(
      (result.data?.orgUnits.nodes ?? [])
        .filter((u) => !scopeId || u.id === scopeId || u.ancestors.some((a) => a.id === scopeId))
        .map((u) => ({ value: u.id, label: `${u.name} · ${t(`level${u.level}` as MessageKey)}` })),
    );
  };
  return (
    <Select
      id={id}
      showSearch
      filterOption={false}
      value={value}
      placeholder={t('pickUnit')}
      aria-label={ariaLabel}
      style={{ width: '100%' }}
      options={options}
      onSearch={(text) => void search(text)}
      onFocus={() => options.length === 0 && void search('')}
      onChange={(next: string) => onChange?.(next)}
    />
  );
}
