import { EnvironmentOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Form, Input, Radio, Row, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useClient, useMutation, useQuery } from 'urql';
import { useMe } from '../../auth';
import type { FindingSeverity, InspectionsQuery as InspectionsResult } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import type { LatLng } from '../../map/gcj02';
import { MapView, type MapShape } from '../../map/MapView';
import { CategoriesQuery } from '../../ops';
import { errorText, formatTime, StatusTag } from '../../util';
import { COVERT_TAG, DANGER_TAG, fromLocalInput, supervises, toLocalInput, UnitPicker, type PickedUnit } from './common';
import { AssessmentUnitPickQuery, InspectionsQuery, RecordInspectionMutation } from './ops';
import { MoreButton, usePaged } from './paged';

type InspectionRow = InspectionsResult['inspections']['nodes'][number];

interface FindingDraft {
  description: string;
  categoryCode?: string;
  severity: FindingSeverity;
  location: LatLng | null;
}

const emptyFinding = (): FindingDraft => ({ description: '', severity: 'MINOR', location: null });

/** Inspections in scope with their findings; an inspector (or admin) records one, placing each finding on the map. */
export default function InspectionsPage() {
  const me = useMe();
  const { t, lang } = useI18n();
  const [recording, setRecording] = useState(false);
  const list = usePaged(InspectionsQuery, {}, (d) => d.inspections, 'all');

  return (
    <Card>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} align="center" wrap>
        <Typography.Title level={4} className="gg-page-title" style={{ marginBottom: 0 }}>
          <SearchOutlined /> {t('asInspectionsTitle')}
        </Typography.Title>
        {supervises(me) && !recording && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setRecording(true)}>
            {t('asRecordInspection')}
          </Button>
        )}
      </Space>
      {recording && (
        <RecordInspection
          onDone={(saved) => {
            setRecording(false);
            if (saved) list.reload();
          }}
        />
      )}
      {list.error && <Alert type="error" showIcon role="alert" title={errorText(list.error, t)} />}
      <Table<InspectionRow>
        rowKey="id"
        size="small"
        loading={list.nodes === null}
        dataSource={list.nodes ?? []}
        pagination={false}
        data-testid="inspections-table"
        expandable={{ expandedRowRender: (row) => <Findings row={row} />, rowExpandable: (row) => row.findings.length > 0 }}
        columns={[
          { title: t('asConductedAt'), render: (_, r) => formatTime(r.conductedAt, lang) },
          { title: t('unit'), render: (_, r) => r.unit.name },
          { title: t('asKind'), render: (_, r) => (r.covert ? <Tag style={COVERT_TAG}>{t('asCovert')}</Tag> : <Tag>{t('asAnnounced')}</Tag>) },
          { title: t('asInspector'), render: (_, r) => r.inspector?.name ?? r.inspector?.username ?? '—' },
          { title: t('asFindings'), render: (_, r) => r.findings.length },
          { title: t('note'), render: (_, r) => r.note ?? '' },
        ]}
      />
      <MoreButton shown={list.nodes?.length ?? 0} total={list.totalCount} hasMore={list.hasMore} fetching={list.fetching} onMore={list.more} />
    </Card>
  );
}

function Findings({ row }: { row: InspectionRow }) {
  const { t } = useI18n();
  return (
    <Table
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={row.findings}
      columns={[
        { title: t('description'), dataIndex: 'description' },
        { title: t('asSeverity'), render: (_, f) => <Tag style={f.severity === 'MAJOR' ? DANGER_TAG : undefined}>{t(f.severity === 'MAJOR' ? 'asMAJOR' : 'asMINOR')}</Tag> },
        { title: t('location'), render: (_, f) => (f.location ? `${f.location.lat.toFixed(5)}, ${f.location.lng.toFixed(5)}` : '—') },
        {
          title: t('asRequest'),
          render: (_, f) =>
            f.request ? (
              <Space size={4}>
                <Link to={`/requests/${encodeURIComponent(f.request.id)}`}>{f.request.number}</Link>
                <StatusTag status={f.request.status} />
              </Space>
            ) : (
              '—'
            ),
        },
      ]}
    />
  );
}

function RecordInspection({ onDone }: { onDone: (saved: boolean) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const client = useClient();
  const [categories] = useQuery({ query: CategoriesQuery });
  const [unit, setUnit] = useState<PickedUnit | null>(null);
  const [covert, setCovert] = useState(true);
  const [conductedAt, setConductedAt] = useState(() => toLocalInput(Date.now()));
  const [note, setNote] = useState('');
  const [findings, setFindings] = useState<FindingDraft[]>([emptyFinding()]);
  const [active, setActive] = useState(0);
  const [shapes, setShapes] = useState<MapShape[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [state, record] = useMutation(RecordInspectionMutation);

  // The inspected unit's outline and its children's boundaries, to place findings inside it.
  useEffect(() => {
    if (!unit) return setShapes([]);
    let live = true;
    void client
      .query(AssessmentUnitPickQuery, { parentId: unit.id })
      .toPromise()
      .then((res) => {
        if (!live) return;
        const children = (res.data?.orgUnits.nodes ?? []).filter((c) => c.boundary && c.boundary.length >= 3);
        setShapes([
          ...(unit.boundary && unit.boundary.length >= 3 ? [{ id: unit.id, key: unit.code, ring: unit.boundary, color: '#595959', label: unit.name, outline: true }] : []),
          ...children.map((c) => ({ id: c.id, key: c.code, ring: c.boundary!, color: '#8c8c8c', label: c.name })),
        ]);
      });
    return () => {
      live = false;
    };
  }, [unit, client]);

  const update = (index: number, patch: Partial<FindingDraft>) => setFindings((all) => all.map((f, i) => (i === index ? { ...f, ...patch } : f)));
  const categoryOptions = useMemo(() => (categories.data?.serviceCategories ?? []).map((c) => ({ value: c.code, label: c.name })), [categories.data]);

  const onSubmit = async () => {
    setError(null);
    if (!unit) return setError(t('pickUnit'));
    const incomplete = findings.findIndex((f) => !f.description.trim() || !f.categoryCode);
    if (incomplete >= 0) return setError(t('asFindingIncomplete', { n: incomplete + 1 }));
    const res = await record({
      input: {
        unitId: unit.id,
        covert,
        conductedAt: fromLocalInput(conductedAt),
        note: note.trim() || undefined,
        findings: findings.map((f) => ({ description: f.description.trim(), categoryCode: f.categoryCode!, severity: f.severity, location: f.location ?? undefined })),
      },
    });
    if (res.error || !res.data) return setError(errorText(res.error, t));
    const numbers = res.data.recordInspection.findings.map((f) => f.request?.number).filter(Boolean);
    void message.success(t('asInspectionRecorded', { numbers: numbers.join('、') }));
    onDone(true);
  };

  return (
    <Card size="small" title={t('asRecordInspection')} style={{ marginBottom: 16 }} data-testid="record-inspection">
      <Row gutter={[24, 16]}>
        <Col xs={24} lg={11}>
          {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 12 }} />}
          <Form layout="vertical" component="div">
            <Form.Item label={t('asInspectedUnit')} htmlFor="inspection-unit" required>
              <UnitPicker id="inspection-unit" ariaLabel={t('asInspectedUnit')} value={unit?.id ?? null} onChange={(_, units) => setUnit(units[0] ?? null)} />
            </Form.Item>
            <Space size="large" wrap>
              <Form.Item label={t('asConductedAt')} htmlFor="inspection-at" required>
                <Input id="inspection-at" type="datetime-local" value={conductedAt} onChange={(e) => setConductedAt(e.target.value)} />
              </Form.Item>
              <Form.Item label={t('asCovert')} htmlFor="inspection-covert">
                <Switch id="inspection-covert" checked={covert} onChange={setCovert} />
              </Form.Item>
            </Space>
            <Form.Item label={t('note')} htmlFor="inspection-note">
              <Input id="inspection-note" value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} />
            </Form.Item>
            {findings.map((f, i) => (
              <Card
                key={i}
                size="small"
                style={{ marginBottom: 12, borderColor: i === active ? '#b8232f' : undefined }}
                title={t('asFindingN', { n: i + 1 })}
                data-testid={`finding-${i}`}
                onClick={() => setActive(i)}
                extra={
                  findings.length > 1 && (
                    <Button
                      size="small"
                      type="text"
                      onClick={(e) => {
                        e.stopPropagation();
                        setFindings((all) => all.filter((_, j) => j !== i));
                        setActive(0);
                      }}
                    >
                      {t('asRemove')}
                    </Button>
                  )
                }
              >
                <Form.Item label={t('description')} htmlFor={`finding-${i}-description`} required>
                  <Input.TextArea id={`finding-${i}-description`} rows={2} maxLength={4000} value={f.description} onChange={(e) => update(i, { description: e.target.value })} />
                </Form.Item>
                <Space wrap>
                  <Form.Item label={t('category')} htmlFor={`finding-${i}-category`} required>
                    <Select id={`finding-${i}-category`} aria-label={t('category')} style={{ width: 180 }} value={f.categoryCode} options={categoryOptions} onChange={(v) => update(i, { categoryCode: v })} />
                  </Form.Item>
                  <Form.Item label={t('asSeverity')}>
                    <Radio.Group value={f.severity} onChange={(e) => update(i, { severity: e.target.value })} optionType="button">
                      <Radio.Button value="MINOR">{t('asMINOR')}</Radio.Button>
                      <Radio.Button value="MAJOR">{t('asMAJOR')}</Radio.Button>
                    </Radio.Group>
                  </Form.Item>
                </Space>
                <div>
                <Typography.Text type={f.location ? undefined : 'secondary'} style={f.location ? { color: '#237804' } : undefined} data-testid={`finding-${i}-location`}>
                  <EnvironmentOutlined /> {f.location ? `${t('picked')}: ${f.location.lat.toFixed(5)}, ${f.location.lng.toFixed(5)}` : i === active ? t('asPickFinding') : t('asNoLocation')}
                </Typography.Text>
                </div>
              </Card>
            ))}
            <Space wrap>
              <Button
                icon={<PlusOutlined />}
                onClick={() => {
                  setFindings((all) => [...all, emptyFinding()]);
                  setActive(findings.length);
                }}
              >
                {t('asAddFinding')}
              </Button>
              <Button type="primary" loading={state.fetching} onClick={onSubmit}>
                {t('submit')}
              </Button>
              <Button onClick={() => onDone(false)}>{t('cancel')}</Button>
            </Space>
          </Form>
        </Col>
        <Col xs={24} lg={13}>
          <MapView
            ariaLabel={t('asPickFinding')}
            shapes={shapes}
            point={findings[active]?.location ?? null}
            onPick={(p) => update(active, { location: p })}
            height={460}
          />
        </Col>
      </Row>
    </Card>
  );
}
