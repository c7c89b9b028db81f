import { AuditOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Input, Modal, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { useI18n } from '../../i18n';
import { errorText, formatTime } from '../../util';
import { hoursText } from './common';
import { DecideHoursMutation, PendingHoursQuery } from './ops';

/**
 * Back-filled hours waiting for a decision, oldest first: only entries the caller may decide
 * (the API leaves out the caller's own, since the recorder may not decide them).
 */
export default function PendingHoursPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [pending, refetch] = useQuery({ query: PendingHoursQuery, variables: { first: 100 }, requestPolicy: 'cache-and-network' });
  const [state, decide] = useMutation(DecideHoursMutation);
  const [problem, setProblem] = useState<string | null>(null);
  const [rejecting, setRejecting] = useState<string | null>(null);
  const [note, setNote] = useState('');

  const run = async (entryId: string, approve: boolean, withNote?: string) => {
    const { error } = await decide({ input: { entryId, approve, note: withNote || undefined } });
    if (error) setProblem(errorText(error, t));
    else {
      setProblem(null);
      setRejecting(null);
      void message.success(approve ? t('volApproved') : t('volRejected'));
    }
    refetch({ requestPolicy: 'network-only' });
  };

  return (
    <Card>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={4} className="gg-page-title">
          <AuditOutlined /> {t('navVolHours')} ({pending.data?.pendingVolunteerHours.totalCount ?? 0})
        </Typography.Title>
        <Button icon={<ReloadOutlined />} onClick={() => refetch({ requestPolicy: 'network-only' })}>
          {t('refresh')}
        </Button>
      </Space>
      <Typography.Paragraph type="secondary">{t('volPendingHint')}</Typography.Paragraph>
      {problem && <Alert type="warning" showIcon title={problem} role="alert" closable onClose={() => setProblem(null)} style={{ marginBottom: 12 }} />}
      <Table
        rowKey="id"
        size="middle"
        loading={pending.fetching && !pending.data}
        dataSource={pending.data?.pendingVolunteerHours.nodes ?? []}
        pagination={false}
        scroll={{ x: 960 }}
        columns={[
          {
            title: t('volVolunteer'),
            render: (_, e) => <Link to={`/volunteers/people/${encodeURIComponent(e.volunteer.id)}`}>{`${e.volunteer.name} · ${e.volunteer.number}`}</Link>,
          },
          { title: t('volHoursCol'), dataIndex: 'hours', render: (h: number) => hoursText(h) },
          { title: t('volServiceDate'), dataIndex: 'serviceDate' },
          { title: t('description'), render: (_, e) => e.description ?? '—' },
          { title: t('volOrganization'), render: (_, e) => e.organization?.name ?? '—' },
          { title: t('volRecordedBy'), render: (_, e) => e.recordedBy?.name ?? e.recordedBy?.username ?? '—' },
          { title: t('volRecordedAt'), dataIndex: 'createdAt', render: (v: string) => formatTime(v, lang) },
          {
            title: t('actions'),
            render: (_, e) => (
              <Space size={4}>
                <Button size="small" type="primary" loading={state.fetching} onClick={() => void run(e.id, true)}>
                  {t('volApprove')}
                </Button>
                <Button
                  size="small"
                  danger
                  onClick={() => {
                    setNote('');
                    setRejecting(e.id);
                  }}
                >
                  {t('volReject')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={!!rejecting}
        title={t('volReject')}
        okText={t('submit')}
        okButtonProps={{ danger: true }}
        confirmLoading={state.fetching}
        onCancel={() => setRejecting(null)}
        onOk={() => rejecting && void run(rejecting, false, note)}
      >
        <Input.TextArea rows={2} maxLength={2000} aria-label={t('note')} placeholder={t('note')} value={note} onChange={(e) => setNote(e.target.value)} />
      </Modal>
    </Card>
  );
}
