import { FileTextOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Form, Input, List, Modal, Rate, Space, Tag, Typography } from 'antd';
import type { CombinedError } from '@urql/core';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery, useSubscription } from 'urql';
import { useMe } from '../auth';
import type { RequestRowFragment } from '../gql/graphql';
import { useI18n } from '../i18n';
import { CancelMutation, CloseMutation, ReopenMutation, RequestChangedSubscription, RequestsQuery } from '../ops';
import { errorText, formatTime, StatusTag } from '../util';

/** The user's own reports, with close (and a rating), reopen and cancel where the contract allows. */
export default function MyReportsPage() {
  const me = useMe();
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [reports, refetch] = useQuery({ query: RequestsQuery, variables: { filter: { followedByMe: true }, orderBy: 'NEWEST', first: 100 } });
  const [change] = useSubscription({ query: RequestChangedSubscription, variables: { unitId: null }, pause: me.role !== 'RESIDENT' });
  useEffect(() => {
    if (change.data) refetch({ requestPolicy: 'network-only' });
  }, [change.data, refetch]);
  const [, close] = useMutation(CloseMutation);
  const [, reopen] = useMutation(ReopenMutation);
  const [, cancel] = useMutation(CancelMutation);
  const [closing, setClosing] = useState<RequestRowFragment | null>(null);
  const [rating, setRating] = useState(5);
  const [problem, setProblem] = useState<string | null>(null);
  const [form] = Form.useForm();

  const done = (error?: CombinedError) => {
    refetch({ requestPolicy: 'network-only' });
    if (error) return setProblem(errorText(error, t));
    setProblem(null);
    void message.success(t('saved'));
  };

  // My own and those I follow (followedByMe); a followed one's reporter reads as null.
  const rows = reports.data?.serviceRequests.nodes ?? [];
  return (
    <div style={{ maxWidth: 860 }}>
      <Typography.Title level={4} className="gg-page-title">
        <FileTextOutlined /> {t('myReports')}
      </Typography.Title>
      {problem && <Alert type="warning" showIcon title={problem} closable onClose={() => setProblem(null)} style={{ marginBottom: 12 }} role="alert" />}
      {rows.length === 0 && !reports.fetching ? (
        <Card>
          <Empty description={t('noReports')}>
            <Link to="/report">
              <Button type="primary">{t('navReport')}</Button>
            </Link>
          </Empty>
        </Card>
      ) : (
        <List
          dataSource={rows}
          loading={reports.fetching && !reports.data}
          renderItem={(r) => (
            <List.Item style={{ display: 'block', padding: 0, border: 0 }}>
            <Card size="small" className="gg-task-card" data-testid="report-card">
              <Space direction="vertical" style={{ width: '100%' }} size={6}>
                <Space wrap>
                  <Link to={`/requests/${encodeURIComponent(r.id)}`}>
                    <Typography.Text strong>{r.number}</Typography.Text>
                  </Link>
                  <StatusTag status={r.status} />
                  <Tag>{r.category.name}</Tag>
                  {r.rating != null && <Rate disabled value={r.rating} style={{ fontSize: 14 }} />}
                  {r.reporter?.id !== me.id && <Tag data-testid="followed-tag">{t('followingTag')}</Tag>}
                </Space>
                <Typography.Paragraph style={{ margin: 0 }}>{r.description}</Typography.Paragraph>
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                  {formatTime(r.createdAt, lang)} · {r.courtyard?.name ?? r.unit.name}
                  {r.assignee ? ` · ${r.assignee.name}` : ''}
                </Typography.Text>
                <Space wrap>
                  {r.reporter?.id === me.id && r.status === 'RESOLVED' && (
                    <Button type="primary" onClick={() => { setRating(5); setClosing(r); }}>
                      {t('closeWithRating')}
                    </Button>
                  )}
                  {r.reporter?.id === me.id && (r.status === 'RESOLVED' || r.status === 'CLOSED') && (
                    <Button onClick={async () => done((await reopen({ input: { requestId: r.id, expectedVersion: r.version } })).error)}>{t('reopen')}</Button>
                  )}
                  {r.reporter?.id === me.id && (r.status === 'PENDING_DISPATCH' || r.status === 'ASSIGNED') && (
                    <Button danger onClick={async () => done((await cancel({ input: { requestId: r.id, expectedVersion: r.version, reason: t('cancelRequest') } })).error)}>
                      {t('cancelRequest')}
                    </Button>
                  )}
                </Space>
              </Space>
            </Card>
            </List.Item>
          )}
        />
      )}
      <Modal
        open={!!closing}
        title={t('closeWithRating')}
        okText={t('submit')}
        onCancel={() => setClosing(null)}
        onOk={async () => {
          const note = form.getFieldValue('note') as string | undefined;
          const target = closing!;
          setClosing(null);
          done((await close({ input: { requestId: target.id, expectedVersion: target.version, rating, note: note || undefined } })).error);
          form.resetFields();
        }}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" name="close-report">
          <Form.Item label={t('rating')}>
            <Rate value={rating} onChange={setRating} aria-label={t('rating')} />
          </Form.Item>
          <Form.Item name="note" label={t('note')}>
            <Input.TextArea rows={2} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
