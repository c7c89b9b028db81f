import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Form, Input, Modal, Rate, Row, Select, Space, Spin, Tag, Timeline, Typography } from 'antd';
import type { CombinedError } from '@urql/core';
import { useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useClient, useMutation, useQuery } from 'urql';
import { isStaff, useMe, type Me } from '../auth';
import type { RequestDetailQuery as Detail } from '../gql/graphql';
import { useI18n } from '../i18n';
import { MapView, type MapShape } from '../map/MapView';
import type { MessageKey } from '../messages';
import {
  AcceptMutation,
  AssignMutation,
  CancelMutation,
  CloseMutation,
  DispatchMutation,
  EscalateMutation,
  ReopenMutation,
  RequestByNumberQuery,
  RequestDetailQuery,
  RespondersUnderQuery,
  ResolveMutation,
} from '../ops';
import { errorText, formatTime, isOverdue, StatusTag } from '../util';
import { RequestExtras } from './facilities/RequestExtras';

type Request = NonNullable<Detail['serviceRequest']>;
type Action = 'dispatch' | 'assign' | 'accept' | 'escalate' | 'resolve' | 'close' | 'reopen' | 'cancel';

/** What this user may do to this request now (the API checks again). */
export function actionsFor(me: Me, r: Pick<Request, 'status' | 'assignee' | 'reporter' | 'unit'>): Action[] {
  const staff = isStaff(me);
  const assignee = !!me.member && r.assignee?.id === me.member.id;
  const reporter = r.reporter?.id === me.id;
  const s = r.status;
  const out: Action[] = [];
  if (staff && s === 'PENDING_DISPATCH' && r.unit.level !== 'COURTYARD_GROUP') out.push('dispatch');
  if (staff && ['PENDING_DISPATCH', 'ASSIGNED', 'IN_PROGRESS'].includes(s)) out.push('assign');
  if (assignee && s === 'ASSIGNED') out.push('accept');
  if ((staff || assignee) && ['PENDING_DISPATCH', 'ASSIGNED', 'IN_PROGRESS'].includes(s) && r.unit.level !== 'STREET_COMMITTEE') out.push('escalate');
  if ((staff || assignee) && s === 'IN_PROGRESS') out.push('resolve');
  if ((staff || reporter) && s === 'RESOLVED') out.push('close');
  if ((staff || reporter) && (s === 'RESOLVED' || s === 'CLOSED')) out.push('reopen');
  if ((staff && ['PENDING_DISPATCH', 'ASSIGNED', 'IN_PROGRESS', 'RESOLVED'].includes(s)) || (reporter && ['PENDING_DISPATCH', 'ASSIGNED'].includes(s))) out.push('cancel');
  return out;
}

export default function RequestPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const [detail, refetch] = useQuery({ query: RequestDetailQuery, variables: { id }, requestPolicy: 'network-only' });
  const request = detail.data?.serviceRequest;

  if (detail.fetching && !detail.data) return <Spin />;
  if (!request) {
    return (
      <Card>
        <Empty description={t('notFound')} />
      </Card>
    );
  }
  const shapes: MapShape[] = request.courtyard?.boundary
    ? [{ id: request.courtyard.id, ring: request.courtyard.boundary, color: '#1677ff', label: request.courtyard.name }]
    : [];
  const late = isOverdue(request);

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Space wrap>
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} aria-label="back" />
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('requestTitle', { number: request.number })}
        </Typography.Title>
        <StatusTag status={request.status} />
        {late && <Tag color="red">{t('overdue')}</Tag>}
      </Space>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card size="small">
            <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
              <Descriptions.Item label={t('category')}>{request.category.name}</Descriptions.Item>
              <Descriptions.Item label={t('holder')}>{request.unit.name}</Descriptions.Item>
              <Descriptions.Item label={t('description')} span={2}>
                {request.description}
              </Descriptions.Item>
              <Descriptions.Item label={t('courtyard')}>{request.courtyard?.name ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('assignee')}>{request.assignee?.name ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('address')}>{request.address ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('reporter')}>{request.reporter ? (request.reporter.name ?? request.reporter.username) : '—'}</Descriptions.Item>
              <Descriptions.Item label={t('acceptDue')}>{formatTime(request.acceptDueAt, lang)}</Descriptions.Item>
              <Descriptions.Item label={t('resolveDue')}>
                <span className={late ? 'gg-overdue' : undefined}>{formatTime(request.resolveDueAt, lang)}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('escalations')}>{request.escalationCount}</Descriptions.Item>
              <Descriptions.Item label={t('rework')}>{request.reworkCount}</Descriptions.Item>
              {request.rating != null && (
                <Descriptions.Item label={t('rating')}>
                  <Rate disabled value={request.rating} />
                </Descriptions.Item>
              )}
              {request.duplicateOf && <Descriptions.Item label={t('duplicateOf')}>{request.duplicateOf.number}</Descriptions.Item>}
              <Descriptions.Item label={t('version')}>{request.version}</Descriptions.Item>
            </Descriptions>
          </Card>
          <Actions request={request} refetch={() => refetch({ requestPolicy: 'network-only' })} />
          <RequestExtras key={request.version} request={request} onChanged={() => refetch({ requestPolicy: 'network-only' })} />
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('location')}>
            {request.location || shapes.length ? (
              <MapView ariaLabel={t('location')} shapes={shapes} point={request.location} height={260} />
            ) : (
              <Empty description={t('none')} />
            )}
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('timeline')}>
        <Timeline
          items={request.events.map((e) => ({
            color: e.type === 'ESCALATED' ? 'red' : e.type === 'CLOSED' || e.type === 'RESOLVED' ? 'green' : 'blue',
            content: (
              <div>
                <Typography.Text strong>{t(`event${e.type}` as MessageKey)}</Typography.Text>{' '}
                <Typography.Text type="secondary">{formatTime(e.at, lang)}</Typography.Text>
                <div>
                  {e.actor && <span>{e.actor.name ?? e.actor.username} · </span>}
                  {e.unit && <span>{e.unit.name} </span>}
                  {e.assignee && <span>→ {e.assignee.name} </span>}
                  <StatusTag status={e.toStatus} />
                </div>
                {e.note && <Typography.Paragraph style={{ margin: 0 }}>{e.note}</Typography.Paragraph>}
              </div>
            ),
          }))}
        />
      </Card>
    </Space>
  );
}

function Actions({ request, refetch }: { request: Request; refetch(): void }) {
  const me = useMe();
  const { t } = useI18n();
  const { message } = App.useApp();
  const client = useClient();
  const [open, setOpen] = useState<Action | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [form] = Form.useForm();
  const allowed = actionsFor(me, request);
  const [, dispatch] = useMutation(DispatchMutation);
  const [, assign] = useMutation(AssignMutation);
  const [, accept] = useMutation(AcceptMutation);
  const [, escalate] = useMutation(EscalateMutation);
  const [, resolve] = useMutation(ResolveMutation);
  const [, close] = useMutation(CloseMutation);
  const [, reopen] = useMutation(ReopenMutation);
  const [, cancel] = useMutation(CancelMutation);
  const [busy, setBusy] = useState(false);
  const [responders] = useQuery({ query: RespondersUnderQuery, variables: { unitId: request.unit.id }, pause: open !== 'assign' });

  const responderOptions = useMemo(() => {
    const unit = responders.data?.orgUnit;
    if (!unit) return [];
    const all = [...unit.responders, ...unit.descendants.nodes.flatMap((c) => c.responders)].filter((m) => m.active);
    const unique = [...new Map(all.map((m) => [m.id, m])).values()];
    const code = request.category.code;
    unique.sort(
      (a, b) => Number(b.skills.includes(code)) - Number(a.skills.includes(code)) || a.openAssignmentCount - b.openAssignmentCount || a.name.localeCompare(b.name),
    );
    return unique.map((m) => ({
      value: m.id,
      label: `${m.name} · ${m.unit.name} · ${t('load')} ${m.openAssignmentCount}${m.skills.includes(code) ? ` · ✓ ${t('hasSkill')}` : ''}`,
    }));
  }, [responders.data, request.category.code, t]);

  /** A CONFLICT after someone else's change: say so in words, with both versions, and show the latest. */
  const explain = async (error: CombinedError) => {
    if (error.graphQLErrors[0]?.extensions?.code === 'CONFLICT') {
      const latest = await client.query(RequestDetailQuery, { id: request.id }, { requestPolicy: 'network-only' }).toPromise();
      const now = latest.data?.serviceRequest?.version;
      refetch();
      if (now != null && now !== request.version) return setProblem(t('staleVersion', { mine: request.version, now }));
    }
    setProblem(errorText(error, t));
  };

  const perform = async (action: Action, values: Record<string, unknown> = {}) => {
    setBusy(true);
    setProblem(null);
    const base = { requestId: request.id, expectedVersion: request.version };
    const note = (values.note as string) || undefined;
    let result;
    switch (action) {
      case 'dispatch':
        result = await dispatch({ input: { ...base, toUnitId: values.toUnitId as string } });
        break;
      case 'assign':
        result = await assign({ input: { ...base, responderId: values.responderId as string } });
        break;
      case 'accept':
        result = await accept({ input: { ...base, note } });
        break;
      case 'escalate':
        result = await escalate({ input: { ...base, note } });
        break;
      case 'resolve':
        result = await resolve({ input: { ...base, note } });
        break;
      case 'close':
        result = await close({ input: { ...base, note, rating: request.reporter?.id === me.id ? ((values.rating as number) || undefined) : undefined } });
        break;
      case 'reopen':
        result = await reopen({ input: { ...base, note } });
        break;
      case 'cancel': {
        let duplicateOfId: string | undefined;
        if (values.duplicateNumber) {
          const dup = await client.query(RequestByNumberQuery, { number: String(values.duplicateNumber).trim() }).toPromise();
          duplicateOfId = dup.data?.serviceRequest?.id;
          if (!duplicateOfId) {
            setBusy(false);
            return setProblem(`${t('duplicateNumber')}: ${t('notFound')}`);
          }
        }
        result = await cancel({ input: { ...base, reason: values.reason as string, duplicateOfId } });
        break;
      }
    }
    setBusy(false);
    if (result.error) return explain(result.error);
    setOpen(null);
    form.resetFields();
    void message.success(t('saved'));
    refetch();
  };

  const needsForm = (a: Action) => a === 'dispatch' || a === 'assign' || a === 'close' || a === 'cancel' || a === 'escalate' || a === 'resolve' || a === 'reopen';
  const labels: Record<Action, MessageKey> = {
    dispatch: 'dispatch',
    assign: 'assign',
    accept: 'accept',
    escalate: 'escalate',
    resolve: 'resolve',
    close: 'close',
    reopen: 'reopen',
    cancel: 'cancelRequest',
  };

  return (
    <Card size="small" title={t('actions')} style={{ marginTop: 16 }}>
      {problem && <Alert type="warning" showIcon title={problem} style={{ marginBottom: 12 }} role="alert" closable onClose={() => setProblem(null)} />}
      {allowed.length === 0 ? (
        <Typography.Text type="secondary">{t('noActions')}</Typography.Text>
      ) : (
        <Space wrap>
          {allowed.map((a) => (
            <Button
              key={a}
              type={a === 'assign' || a === 'accept' || a === 'resolve' || a === 'close' ? 'primary' : 'default'}
              danger={a === 'cancel'}
              loading={busy && open === a}
              onClick={() => (needsForm(a) ? setOpen(a) : void perform(a))}
            >
              {t(labels[a])}
            </Button>
          ))}
        </Space>
      )}
      <Modal
        open={!!open}
        title={open ? t(labels[open]) : ''}
        onCancel={() => setOpen(null)}
        okText={t('submit')}
        confirmLoading={busy}
        onOk={async () => {
          const values = await form.validateFields();
          await perform(open!, values);
        }}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" name="request-action" preserve={false}>
          {open === 'dispatch' && (
            <Form.Item name="toUnitId" label={t('dispatchTo')} rules={[{ required: true, message: t('required') }]}>
              <Select aria-label={t('dispatchTo')} showSearch optionFilterProp="label" options={request.unit.children.nodes.map((u) => ({ value: u.id, label: u.name }))} />
            </Form.Item>
          )}
          {open === 'assign' && (
            <Form.Item name="responderId" label={t('assignTo')} rules={[{ required: true, message: t('required') }]}>
              <Select aria-label={t('assignTo')} showSearch optionFilterProp="label" loading={responders.fetching} options={responderOptions} />
            </Form.Item>
          )}
          {open === 'close' && request.reporter?.id === me.id && (
            <Form.Item name="rating" label={t('rating')}>
              <Rate aria-label={t('rating')} />
            </Form.Item>
          )}
          {open === 'cancel' && (
            <>
              <Form.Item name="reason" label={t('reason')} rules={[{ required: true, max: 2000, message: t('required') }]}>
                <Input.TextArea rows={2} />
              </Form.Item>
              <Form.Item name="duplicateNumber" label={`${t('cancelAsDuplicate')}: ${t('duplicateNumber')}`}>
                <Input />
              </Form.Item>
            </>
          )}
          {open !== 'cancel' && open !== 'dispatch' && open !== 'assign' && (
            <Form.Item name="note" label={t('note')} rules={[{ max: 2000 }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Card>
  );
}
