import { ToolOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Input, List, Space, Tag, Typography } from 'antd';
import type { CombinedError } from '@urql/core';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery, useSubscription } from 'urql';
import { useMe } from '../auth';
import type { RequestRowFragment } from '../gql/graphql';
import { useI18n } from '../i18n';
import { AcceptMutation, RequestChangedSubscription, RequestsQuery, ResolveMutation } from '../ops';
import { errorText, formatTime, isOverdue, StatusTag } from '../util';

/** The responder's tasks: what is assigned to them, to accept and resolve; made for a phone. */
export default function TasksPage() {
  const me = useMe();
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const memberId = me.member?.id;
  const [tasks, refetch] = useQuery({
    query: RequestsQuery,
    variables: { filter: { assigneeId: memberId, status: ['ASSIGNED', 'IN_PROGRESS'] }, orderBy: 'DUE_SOONEST', first: 50 },
    pause: !memberId,
  });
  const [change] = useSubscription({ query: RequestChangedSubscription, variables: { unitId: null }, pause: !memberId });
  useEffect(() => {
    if (change.data) refetch({ requestPolicy: 'network-only' });
  }, [change.data, refetch]);
  const [, accept] = useMutation(AcceptMutation);
  const [, resolve] = useMutation(ResolveMutation);
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);

  const done = (error: CombinedError | undefined) => {
    if (error) {
      setProblem(errorText(error, t));
      refetch({ requestPolicy: 'network-only' });
    } else {
      setProblem(null);
      void message.success(t('saved'));
      refetch({ requestPolicy: 'network-only' });
    }
  };

  const rows: RequestRowFragment[] = tasks.data?.serviceRequests.nodes ?? [];
  return (
    <div style={{ maxWidth: 720 }}>
      <Typography.Title level={4} className="gg-page-title">
        <ToolOutlined /> {t('myTasks')}
      </Typography.Title>
      {problem && <Alert type="warning" showIcon title={problem} closable onClose={() => setProblem(null)} style={{ marginBottom: 12 }} role="alert" />}
      {rows.length === 0 && !tasks.fetching ? (
        <Card>
          <Empty description={t('noTasks')} />
        </Card>
      ) : (
        <List
          dataSource={rows}
          loading={tasks.fetching && !tasks.data}
          renderItem={(r) => {
            const late = isOverdue(r);
            return (
              <List.Item style={{ display: 'block', padding: 0, border: 0 }}>
              <Card className="gg-task-card" size="small" data-testid="task-card">
                <Space direction="vertical" style={{ width: '100%' }} size={6}>
                  <Space wrap>
                    <Link to={`/requests/${encodeURIComponent(r.id)}`}>
                      <Typography.Text strong>{r.number}</Typography.Text>
                    </Link>
                    <StatusTag status={r.status} />
                    <Tag>{r.category.name}</Tag>
                    {late && <Tag color="red">{t('overdue')}</Tag>}
                  </Space>
                  <Typography.Paragraph style={{ margin: 0 }}>{r.description}</Typography.Paragraph>
                  <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                    {r.courtyard?.name ?? r.unit.name} · {t('resolveDue')} {formatTime(r.resolveDueAt, lang)}
                  </Typography.Text>
                  {r.status === 'IN_PROGRESS' && (
                    <Input.TextArea
                      rows={2}
                      placeholder={t('note')}
                      aria-label={t('note')}
                      value={notes[r.id] ?? ''}
                      onChange={(e) => setNotes((n) => ({ ...n, [r.id]: e.target.value }))}
                    />
                  )}
                  {r.status === 'ASSIGNED' ? (
                    <Button type="primary" block size="large" onClick={async () => done((await accept({ input: { requestId: r.id, expectedVersion: r.version } })).error)}>
                      {t('accept')}
                    </Button>
                  ) : (
                    <Button
                      type="primary"
                      block
                      size="large"
                      onClick={async () => done((await resolve({ input: { requestId: r.id, expectedVersion: r.version, note: notes[r.id] || undefined } })).error)}
                    >
                      {t('resolve')}
                    </Button>
                  )}
                </Space>
              </Card>
              </List.Item>
            );
          }}
        />
      )}
    </div>
  );
}
