import { EnvironmentOutlined } from '@ant-design/icons';
import { Alert, App, Card, Col, Empty, Progress, Row, Select, Space, Table, Tabs, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { isStaff, useMe } from '../../auth';
import type { FacilityStatus } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { MapView, type MapMarker, type MapShape } from '../../map/MapView';
import type { MessageKey } from '../../messages';
import { RootUnitsQuery } from '../../ops';
import { errorText, formatTime } from '../../util';
import { FACILITY_STATUS_STYLE, FACILITY_STATUSES, FacilityStatusTag } from './FacilityStatusTag';
import { CourtyardFacilitiesQuery, CoverageUnitsQuery, FacilityCourtyardsQuery, FacilityCoverageQuery, UpdateFacilityStatusMutation } from './ops';

const STATUSES = FACILITY_STATUSES;

/**
 * A courtyard's facilities on its map with their status (staff change it), and which
 * courtyards of a unit lack each type (设施缺). The API scopes both lists.
 */
export default function FacilitiesPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'coverage' ? 'coverage' : 'map';
  const courtyardId = params.get('courtyard');
  const setTab = (next: string) => setParams((p) => ({ ...Object.fromEntries(p), tab: next }));
  const openCourtyard = (id: string) => setParams({ tab: 'map', courtyard: id });

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={4} className="gg-page-title" style={{ margin: 0 }}>
        <EnvironmentOutlined /> {t('facilitiesTitle')}
      </Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'map', label: t('facilitiesOfCourtyard'), children: <CourtyardFacilities courtyardId={courtyardId} onCourtyard={openCourtyard} /> },
          { key: 'coverage', label: t('facilityCoverage'), children: <Coverage onCourtyard={openCourtyard} /> },
        ]}
      />
    </Space>
  );
}

function CourtyardFacilities({ courtyardId, onCourtyard }: { courtyardId: string | null; onCourtyard(id: string): void }) {
  const me = useMe();
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [search, setSearch] = useState<string | undefined>(undefined);
  const [courtyards] = useQuery({ query: FacilityCourtyardsQuery, variables: { search } });
  const options = courtyards.data?.orgUnits.nodes ?? [];
  const selected = courtyardId ?? options[0]?.id ?? null;
  const [detail, refetch] = useQuery({ query: CourtyardFacilitiesQuery, variables: { id: selected ?? '' }, pause: !selected });
  const [, update] = useMutation(UpdateFacilityStatusMutation);
  const [problem, setProblem] = useState<string | null>(null);
  const unit = selected ? detail.data?.orgUnit : null;
  const facilities = unit?.facilities.nodes ?? [];

  const shapes: MapShape[] = useMemo(
    () => (unit?.boundary ? [{ id: unit.id, key: unit.code, ring: unit.boundary, color: '#1677ff', label: unit.name }] : []),
    [unit],
  );
  const markers: MapMarker[] = useMemo(
    () =>
      facilities
        .filter((f) => f.location)
        .map((f) => ({
          id: f.id,
          key: f.code,
          point: f.location!,
          color: FACILITY_STATUS_STYLE[f.status].marker,
          label: `${f.name} · ${f.type.name} · ${t(`facilityStatus${f.status}` as MessageKey)}`,
        })),
    [facilities, t],
  );

  const setStatus = async (id: string, status: FacilityStatus) => {
    const result = await update({ input: { id, status } });
    if (result.error) return setProblem(errorText(result.error, t));
    setProblem(null);
    refetch({ requestPolicy: 'network-only' });
    void message.success(t('saved'));
  };

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={14}>
        <Card size="small">
          <Space wrap style={{ marginBottom: 12 }}>
            <Select
              aria-label={t('courtyard')}
              style={{ minWidth: 260 }}
              showSearch
              filterOption={false}
              onSearch={(text) => setSearch(text || undefined)}
              value={selected ?? undefined}
              placeholder={t('courtyard')}
              loading={courtyards.fetching}
              options={[
                ...options.map((c) => ({ value: c.id, label: c.name })),
                ...(unit && !options.some((c) => c.id === unit.id) ? [{ value: unit.id, label: unit.name }] : []),
              ]}
              onChange={(id: string) => onCourtyard(id)}
            />
            {unit && <Typography.Text type="secondary">{unit.ancestors.map((a) => a.name).join(' / ')}</Typography.Text>}
          </Space>
          {problem && <Alert type="warning" showIcon title={problem} closable onClose={() => setProblem(null)} style={{ marginBottom: 12 }} role="alert" />}
          <div data-testid="facility-table">
            <Table
              size="small"
              rowKey="id"
              loading={detail.fetching}
              dataSource={facilities}
              pagination={false}
              scroll={{ x: true }}
              locale={{ emptyText: <Empty description={t('noFacilities')} /> }}
              columns={[
                { title: t('code'), dataIndex: 'code' },
                { title: t('facilityName'), dataIndex: 'name' },
                { title: t('facilityType'), render: (_, f) => f.type.name },
                {
                  title: t('status'),
                  render: (_, f) =>
                    isStaff(me) ? (
                      <Select
                        size="small"
                        aria-label={`${t('status')} ${f.code}`}
                        value={f.status}
                        style={{ minWidth: 110 }}
                        onChange={(status: FacilityStatus) => void setStatus(f.id, status)}
                        options={STATUSES.map((s) => ({ value: s, label: t(`facilityStatus${s}` as MessageKey) }))}
                        labelRender={({ value }) => <FacilityStatusTag status={value as FacilityStatus} />}
                      />
                    ) : (
                      <FacilityStatusTag status={f.status} />
                    ),
                },
                { title: t('openRequests'), dataIndex: 'openRequestCount' },
                { title: t('installedAt'), render: (_, f) => formatTime(f.installedAt, lang) },
              ]}
            />
          </div>
        </Card>
      </Col>
      <Col xs={24} lg={10}>
        <Card size="small" title={unit?.name ?? t('courtyard')}>
          <MapView ariaLabel={t('facilitiesOfCourtyard')} shapes={shapes} markers={markers} height={380} />
          <Space wrap style={{ marginTop: 8 }} aria-label={t('facilityLegend')}>
            {STATUSES.map((s) => (
              <FacilityStatusTag key={s} status={s} />
            ))}
          </Space>
        </Card>
      </Col>
    </Row>
  );
}

function Coverage({ onCourtyard }: { onCourtyard(id: string): void }) {
  const me = useMe();
  const { t } = useI18n();
  const [search, setSearch] = useState<string | undefined>(undefined);
  const [roots] = useQuery({ query: RootUnitsQuery, variables: {}, pause: !!me.scope });
  const [units] = useQuery({ query: CoverageUnitsQuery, variables: { search } });
  const home = me.scope?.id ?? roots.data?.orgUnits.nodes[0]?.id ?? null;
  const [unitId, setUnitId] = useState<string | null>(null);
  useEffect(() => {
    if (!unitId && home) setUnitId(home);
  }, [home, unitId]);
  const [coverage] = useQuery({ query: FacilityCoverageQuery, variables: { id: unitId ?? '' }, pause: !unitId });
  const rows = coverage.data?.orgUnit?.facilityCoverage ?? [];
  const unitOptions = [
    ...(me.scope ? [{ value: me.scope.id, label: me.scope.name }] : (roots.data?.orgUnits.nodes ?? []).map((u) => ({ value: u.id, label: u.name }))),
    ...(units.data?.orgUnits.nodes ?? []).filter((u) => u.level !== 'COURTYARD_GROUP').map((u) => ({ value: u.id, label: u.name })),
  ];
  const uniqueOptions = [...new Map(unitOptions.map((o) => [o.value, o])).values()];

  return (
    <Card size="small">
      <Space wrap style={{ marginBottom: 12 }}>
        <Typography.Text>{t('coverageOf')}</Typography.Text>
        <Select
          aria-label={t('coverageOf')}
          style={{ minWidth: 260 }}
          showSearch
          filterOption={false}
          onSearch={(text) => setSearch(text || undefined)}
          value={unitId ?? undefined}
          options={uniqueOptions}
          onChange={(id: string) => setUnitId(id)}
        />
      </Space>
      <Typography.Paragraph type="secondary">{t('coverageHint')}</Typography.Paragraph>
      <Table
        size="small"
        rowKey={(r) => r.type.code}
        loading={coverage.fetching}
        dataSource={rows}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          { title: t('facilityType'), render: (_, r) => r.type.name },
          { title: t('courtyardCount'), dataIndex: 'courtyards' },
          { title: t('courtyardsWithType'), dataIndex: 'courtyardsWithType' },
          {
            title: t('coverageShare'),
            render: (_, r) => (
              <Progress
                percent={r.courtyards ? Math.round((100 * r.courtyardsWithType) / r.courtyards) : 0}
                size="small"
                style={{ minWidth: 120 }}
                aria-label={`${r.type.name} ${t('coverageShare')}`}
              />
            ),
          },
          {
            title: t('lackingCourtyards'),
            render: (_, r) =>
              r.lacking.length === 0 ? (
                <Typography.Text type="secondary">{t('none')}</Typography.Text>
              ) : (
                <Space size={[4, 4]} wrap data-testid={`lacking-${r.type.code}`}>
                  {r.lacking.map((c) => (
                    <Typography.Link key={c.id} onClick={() => onCourtyard(c.id)}>
                      {c.name}
                    </Typography.Link>
                  ))}
                  {r.courtyards - r.courtyardsWithType > r.lacking.length && (
                    <Typography.Text type="secondary">{t('andMore', { n: r.courtyards - r.courtyardsWithType - r.lacking.length })}</Typography.Text>
                  )}
                </Space>
              ),
          },
        ]}
      />
    </Card>
  );
}
