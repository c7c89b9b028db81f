import { ArrowLeftOutlined, QrcodeOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Empty, Modal, Popconfirm, Select, Space, Table, Typography } from 'antd';
import type { CombinedError } from '@urql/core';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useClient, useMutation, useQuery } from 'urql';
import type { SignupStatus } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { errorText, formatTime } from '../../util';
import { ActivityStatusTag, SignupStatusTag } from './common';
import {
  ActivityDetailQuery,
  CancelActivityMutation,
  CancelSignupMutation,
  CheckInMutation,
  CheckOutMutation,
  CloseActivityMutation,
  SignUpMutation,
  VolunteersQuery,
} from './ops';

/** One activity for its organisers: the check-in code to show on site, sign-ups, and signing people in on site (代签). */
export default function ActivityPage() {
  const { id = '' } = useParams();
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const client = useClient();
  const [detail, refetch] = useQuery({ query: ActivityDetailQuery, variables: { id }, requestPolicy: 'cache-and-network' });
  const [, signUp] = useMutation(SignUpMutation);
  const [, cancelSignup] = useMutation(CancelSignupMutation);
  const [, checkIn] = useMutation(CheckInMutation);
  const [, checkOut] = useMutation(CheckOutMutation);
  const [, close] = useMutation(CloseActivityMutation);
  const [, cancel] = useMutation(CancelActivityMutation);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [showCode, setShowCode] = useState(false);
  const [picked, setPicked] = useState<string | undefined>();
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);

  const act = async (key: string, run: () => Promise<{ error?: CombinedError }>) => {
    setBusy(key);
    const { error } = await run();
    setBusy(null);
    if (error) setProblem(errorText(error, t));
    else {
      setProblem(null);
      void message.success(t('saved'));
    }
    refetch({ requestPolicy: 'network-only' });
  };

  const searchVolunteers = async (text: string) => {
    const result = await client.query(VolunteersQuery, { filter: { search: text || null }, first: 20 }, { requestPolicy: 'network-only' }).toPromise();
    setOptions((result.data?.volunteers.nodes ?? []).map((v) => ({ value: v.id, label: `${v.name} · ${v.number}` })));
  };

  const a = detail.data?.node?.__typename === 'VolunteerActivity' ? detail.data.node : null;
  if (!a) {
    return (
      <Card loading={detail.fetching}>
        {!detail.fetching && <Empty description={t('notFound')} />}
      </Card>
    );
  }
  const organiser = a.checkInCode !== null && a.checkInCode !== undefined;
  const published = a.status === 'PUBLISHED';
  return (
    <Card>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={4} className="gg-page-title">
          <Link to="/volunteers/activities" aria-label={t('navVolActivities')}>
            <ArrowLeftOutlined />
          </Link>{' '}
          {a.title} <ActivityStatusTag status={a.status} />
        </Typography.Title>
        {organiser && published && (
          <Space wrap>
            <Popconfirm title={t('volCloseConfirm')} okText={t('yes')} cancelText={t('no')} onConfirm={() => act('close', () => close({ input: { activityId: a.id } }))}>
              <Button loading={busy === 'close'}>{t('volCloseActivity')}</Button>
            </Popconfirm>
            <Popconfirm title={t('volCancelConfirm')} okText={t('yes')} cancelText={t('no')} onConfirm={() => act('cancel', () => cancel({ input: { activityId: a.id } }))}>
              <Button danger loading={busy === 'cancel'}>
                {t('volCancelActivity')}
              </Button>
            </Popconfirm>
          </Space>
        )}
      </Space>
      {problem && <Alert type="warning" showIcon title={problem} role="alert" closable onClose={() => setProblem(null)} style={{ marginBottom: 12 }} />}
      <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('volOrganization')}>{a.organization.name}</Descriptions.Item>
        <Descriptions.Item label={t('volHeldAt')}>{a.unit.name}</Descriptions.Item>
        <Descriptions.Item label={t('volStartsAt')}>{formatTime(a.startsAt, lang)}</Descriptions.Item>
        <Descriptions.Item label={t('volEndsAt')}>{formatTime(a.endsAt, lang)}</Descriptions.Item>
        <Descriptions.Item label={t('volAddress')}>{a.address ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('volSignups')}>{`${a.signupCount} / ${a.capacity}`}</Descriptions.Item>
        {a.description && (
          <Descriptions.Item label={t('description')} span={2}>
            {a.description}
          </Descriptions.Item>
        )}
      </Descriptions>

      {organiser && (
        <Card size="small" className="gg-vol-card" title={t('volCheckInCode')}>
          <Space wrap align="center">
            <span className="gg-vol-code" data-testid="check-in-code">
              {a.checkInCode}
            </span>
            <Button icon={<QrcodeOutlined />} onClick={() => setShowCode(true)}>
              {t('volShowCode')}
            </Button>
          </Space>
          <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 13 }}>
            {t('volCodeHint')}
          </Typography.Paragraph>
        </Card>
      )}

      {organiser && published && (
        <Card size="small" className="gg-vol-card" title={t('volSignUpOnSite')}>
          <Space.Compact style={{ width: '100%', maxWidth: 520 }}>
            <Select
              showSearch
              filterOption={false}
              aria-label={t('volPickVolunteer')}
              placeholder={t('volPickVolunteer')}
              value={picked}
              onChange={setPicked}
              onSearch={(text) => void searchVolunteers(text)}
              onFocus={() => options.length === 0 && void searchVolunteers('')}
              options={options}
              style={{ width: '100%' }}
            />
            <Button
              type="primary"
              disabled={!picked}
              loading={busy === 'proxy-signup'}
              onClick={() => act('proxy-signup', () => signUp({ input: { activityId: a.id, volunteerId: picked } })).then(() => setPicked(undefined))}
            >
              {t('volSignUp')}
            </Button>
          </Space.Compact>
        </Card>
      )}

      <Typography.Title level={5}>
        {t('volSignups')} ({a.signups.totalCount})
      </Typography.Title>
      <Table
        rowKey="id"
        size="small"
        dataSource={a.signups.nodes}
        pagination={false}
        scroll={{ x: 800 }}
        columns={[
          { title: t('name'), render: (_, s) => s.volunteer.name },
          { title: t('volNumber'), render: (_, s) => s.volunteer.number },
          { title: t('status'), dataIndex: 'status', render: (s: SignupStatus) => <SignupStatusTag status={s} /> },
          { title: t('volCheckedInAt'), dataIndex: 'checkedInAt', render: (v: string | null) => formatTime(v, lang) },
          { title: t('volCheckedOutAt'), dataIndex: 'checkedOutAt', render: (v: string | null) => formatTime(v, lang) },
          {
            title: t('actions'),
            render: (_, s) =>
              organiser &&
              published && (
                <Space size={4} wrap>
                  {s.status === 'SIGNED_UP' && (
                    <Button size="small" type="primary" loading={busy === `in-${s.id}`} onClick={() => act(`in-${s.id}`, () => checkIn({ input: { activityId: a.id, volunteerId: s.volunteer.id } }))}>
                      {t('volProxyCheckIn')}
                    </Button>
                  )}
                  {s.status === 'CHECKED_IN' && (
                    <Button size="small" type="primary" loading={busy === `out-${s.id}`} onClick={() => act(`out-${s.id}`, () => checkOut({ input: { activityId: a.id, volunteerId: s.volunteer.id } }))}>
                      {t('volProxyCheckOut')}
                    </Button>
                  )}
                  {s.status === 'SIGNED_UP' && (
                    <Button size="small" loading={busy === `cancel-${s.id}`} onClick={() => act(`cancel-${s.id}`, () => cancelSignup({ input: { activityId: a.id, volunteerId: s.volunteer.id } }))}>
                      {t('volCancelSignup')}
                    </Button>
                  )}
                </Space>
              ),
          },
        ]}
      />
      <Modal open={showCode} footer={null} onCancel={() => setShowCode(false)} title={`${a.title} · ${t('volCheckInCode')}`} width={640}>
        <div className="gg-vol-code-big">
          {a.checkInCode}
        </div>
      </Modal>
    </Card>
  );
}
