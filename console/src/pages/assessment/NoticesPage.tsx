import { NotificationOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Form, Input, List, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useClient, useMutation } from 'urql';
import { useMe, type Me } from '../../auth';
import type { NoticeStatus, ProblemNoticesQuery as NoticesResult } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../messages';
import { RequestByNumberQuery } from '../../ops';
import { errorText, formatTime } from '../../util';
import { DANGER_TAG, fromLocalInput, respondsToNotices, supervises, toLocalInput, UnitPicker } from './common';
import { CloseNoticeMutation, IssueNoticeMutation, ProblemNoticesQuery, RespondToNoticeMutation } from './ops';
import { MoreButton, usePaged } from './paged';

type Notice = NoticesResult['problemNotices']['nodes'][number];

const STATUS_STYLE: Record<NoticeStatus, { color: string; background: string; borderColor: string }> = {
  OPEN: { color: '#ad4e00', background: '#fff7e6', borderColor: '#ffd591' },
  RESPONDED: { color: '#003eb3', background: '#e6f4ff', borderColor: '#91caff' },
  CLOSED: { color: '#135200', background: '#f6ffed', borderColor: '#b7eb8f' },
};

const DAY = 86_400_000;

/** A notified unit the user answers for: their scope unit or one below it (any for a city-wide user). */
function answersFor(me: Me, unit: Notice['units'][number]): boolean {
  return !me.scope || unit.id === me.scope.id || unit.ancestors.some((a) => a.id === me.scope!.id);
}

/** Problem notices (问题通报) in scope: issued by inspectors and admins, answered by the notified units' staff. */
export default function NoticesPage() {
  const me = useMe();
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [status, setStatus] = useState<NoticeStatus[]>([]);
  const list = usePaged(ProblemNoticesQuery, { status: status.length ? status : undefined }, (d) => d.problemNotices, status.join());
  const [issuing, setIssuing] = useState(false);
  const [responding, setResponding] = useState<{ notice: Notice; unitId: string } | null>(null);
  const [, closeNotice] = useMutation(CloseNoticeMutation);
  const [error, setError] = useState<string | null>(null);
  const reload = list.reload;

  const onClose = async (notice: Notice) => {
    setError(null);
    const res = await closeNotice({ input: { noticeId: notice.id } });
    if (res.error) return setError(errorText(res.error, t));
    void message.success(t('saved'));
    reload();
  };

  const details = (notice: Notice) => {
    const answered = new Set(notice.responses.map((r) => r.unit.id));
    const waiting = notice.status === 'OPEN' && respondsToNotices(me) ? notice.units.filter((u) => !answered.has(u.id) && answersFor(me, u)) : [];
    return (
      <div data-testid={`notice-${notice.number}`}>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{notice.body}</Typography.Paragraph>
        {notice.requests.length > 0 && (
          <Typography.Paragraph>
            {t('asNamedRequests')}:{' '}
            {notice.requests.map((r) => (
              <Link key={r.id} to={`/requests/${encodeURIComponent(r.id)}`} style={{ marginRight: 8 }}>
                {r.number}
              </Link>
            ))}
          </Typography.Paragraph>
        )}
        <List
          size="small"
          header={<strong>{t('asResponses')}</strong>}
          locale={{ emptyText: t('asNoResponses') }}
          dataSource={notice.responses}
          renderItem={(r) => (
            <List.Item>
              <Space direction="vertical" size={0}>
                <Space wrap>
                  <strong>{r.unit.name}</strong>
                  <span>{formatTime(r.respondedAt, lang)}</span>
                  <span>{r.respondedBy?.name ?? r.respondedBy?.username ?? ''}</span>
                  {r.late && <Tag style={DANGER_TAG}>{t('asLate')}</Tag>}
                </Space>
                <span style={{ whiteSpace: 'pre-wrap' }}>{r.report}</span>
              </Space>
            </List.Item>
          )}
        />
        <Space wrap style={{ marginTop: 8 }}>
          {waiting.map((u) => (
            <Button key={u.id} type="primary" onClick={() => setResponding({ notice, unitId: u.id })}>
              {t('asRespondFor', { unit: u.name })}
            </Button>
          ))}
          {notice.status === 'RESPONDED' && (me.role === 'CITY_ADMIN' || notice.issuedBy?.id === me.id) && (
            <Popconfirm title={t('asCloseNoticeConfirm')} onConfirm={() => onClose(notice)} okText={t('close')} cancelText={t('cancel')}>
              <Button>{t('asCloseNotice')}</Button>
            </Popconfirm>
          )}
        </Space>
      </div>
    );
  };

  return (
    <Card>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} align="center" wrap>
        <Typography.Title level={4} className="gg-page-title" style={{ marginBottom: 0 }}>
          <NotificationOutlined /> {t('asNoticesTitle')}
        </Typography.Title>
        <Space wrap>
          <Select
            mode="multiple"
            allowClear
            aria-label={t('status')}
            placeholder={t('status')}
            style={{ minWidth: 200 }}
            value={status}
            onChange={setStatus}
            options={(['OPEN', 'RESPONDED', 'CLOSED'] as const).map((s) => ({ value: s, label: t(`asNotice${s}` as MessageKey) }))}
          />
          {supervises(me) && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setIssuing(true)}>
              {t('asIssueNotice')}
            </Button>
          )}
        </Space>
      </Space>
      {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 12 }} />}
      {list.error && <Alert type="error" showIcon role="alert" title={errorText(list.error, t)} style={{ marginBottom: 12 }} />}
      <Table<Notice>
        rowKey="id"
        size="small"
        loading={list.nodes === null}
        dataSource={list.nodes ?? []}
        pagination={false}
        data-testid="notices-table"
        expandable={{ expandedRowRender: details, expandRowByClick: true }}
        columns={[
          { title: t('number'), dataIndex: 'number' },
          { title: t('asNoticeTitle'), dataIndex: 'title' },
          { title: t('status'), render: (_, n) => <Tag style={STATUS_STYLE[n.status]}>{t(`asNotice${n.status}` as MessageKey)}</Tag> },
          { title: t('asNotifiedUnits'), render: (_, n) => n.units.map((u) => u.name).join('、') },
          { title: t('asIssuedAt'), render: (_, n) => formatTime(n.issuedAt, lang) },
          { title: t('asRectifyBy'), render: (_, n) => <span className={n.status === 'OPEN' && Date.parse(n.rectifyBy) < Date.now() ? 'gg-overdue' : undefined}>{formatTime(n.rectifyBy, lang)}</span> },
          { title: t('asResponses'), render: (_, n) => `${n.responses.length} / ${n.units.length}` },
        ]}
      />
      <MoreButton shown={list.nodes?.length ?? 0} total={list.totalCount} hasMore={list.hasMore} fetching={list.fetching} onMore={list.more} />
      {issuing && (
        <IssueNotice
          onDone={(saved) => {
            setIssuing(false);
            if (saved) reload();
          }}
        />
      )}
      {responding && (
        <Respond
          notice={responding.notice}
          unitId={responding.unitId}
          onDone={(saved) => {
            setResponding(null);
            if (saved) reload();
          }}
        />
      )}
    </Card>
  );
}

function IssueNotice({ onDone }: { onDone: (saved: boolean) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const client = useClient();
  const [state, issue] = useMutation(IssueNoticeMutation);
  const [error, setError] = useState<string | null>(null);

  const onFinish = async (values: { title: string; body: string; unitIds: string[]; requestNumbers?: string[]; rectifyBy: string }) => {
    setError(null);
    // The requests it names, by the numbers people quote (each must be one the user may see).
    const requestIds: string[] = [];
    for (const number of values.requestNumbers ?? []) {
      const found = await client.query(RequestByNumberQuery, { number: number.trim() }, { requestPolicy: 'network-only' }).toPromise();
      if (!found.data?.serviceRequest) return setError(t('asUnknownRequest', { number }));
      requestIds.push(found.data.serviceRequest.id);
    }
    const res = await issue({
      input: { title: values.title, body: values.body, unitIds: values.unitIds, requestIds, rectifyBy: fromLocalInput(values.rectifyBy) },
    });
    if (res.error || !res.data) return setError(errorText(res.error, t));
    void message.success(t('asNoticeIssued', { number: res.data.issueProblemNotice.number }));
    onDone(true);
  };

  return (
    <Modal open title={t('asIssueNotice')} onCancel={() => onDone(false)} onOk={() => form.submit()} okText={t('submit')} cancelText={t('cancel')} confirmLoading={state.fetching} width={640}>
      {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" name="issue-notice" onFinish={onFinish} initialValues={{ rectifyBy: toLocalInput(Date.now() + 14 * DAY) }}>
        <Form.Item name="title" label={t('asNoticeTitle')} rules={[{ required: true, max: 200, message: t('required') }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="body" label={t('asNoticeBody')} rules={[{ required: true, max: 4000, message: t('required') }]}>
          <Input.TextArea rows={4} maxLength={4000} />
        </Form.Item>
        <Form.Item name="unitIds" label={t('asNotifiedUnits')} rules={[{ required: true, message: t('required') }]}>
          <UnitPicker multiple ariaLabel={t('asNotifiedUnits')} />
        </Form.Item>
        <Form.Item name="requestNumbers" label={t('asNamedRequests')} extra={t('asNamedRequestsHelp')}>
          <Select mode="tags" aria-label={t('asNamedRequests')} tokenSeparators={[',', '，', ' ']} />
        </Form.Item>
        <Form.Item name="rectifyBy" label={t('asRectifyBy')} rules={[{ required: true, message: t('required') }]}>
          <Input type="datetime-local" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function Respond({ notice, unitId, onDone }: { notice: Notice; unitId: string; onDone: (saved: boolean) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [state, respond] = useMutation(RespondToNoticeMutation);
  const [error, setError] = useState<string | null>(null);
  const unit = notice.units.find((u) => u.id === unitId);

  const onFinish = async (values: { report: string }) => {
    setError(null);
    const res = await respond({ input: { noticeId: notice.id, unitId, report: values.report } });
    if (res.error) return setError(errorText(res.error, t));
    void message.success(t('asResponded'));
    onDone(true);
  };

  return (
    <Modal open title={t('asRespondFor', { unit: unit?.name ?? '' })} onCancel={() => onDone(false)} onOk={() => form.submit()} okText={t('submit')} cancelText={t('cancel')} confirmLoading={state.fetching}>
      <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('number')}>{notice.number}</Descriptions.Item>
        <Descriptions.Item label={t('asNoticeTitle')}>{notice.title}</Descriptions.Item>
      </Descriptions>
      {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" name="respond-notice" onFinish={onFinish}>
        <Form.Item name="report" label={t('asRectificationReport')} rules={[{ required: true, max: 4000, message: t('required') }]}>
          <Input.TextArea rows={4} maxLength={4000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
