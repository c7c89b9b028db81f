import { CalendarOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { useMe } from '../../auth';
import type { ActivityStatus } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../messages';
import { errorText, formatTime } from '../../util';
import { ActivityStatusTag, fromLocalInput, toLocalInput, UnitSelect, useManagedOrganizations } from './common';
import { ActivitiesQuery, CreateActivityMutation } from './ops';

const STATUSES: ActivityStatus[] = ['PUBLISHED', 'CLOSED', 'CANCELLED'];

/** Organisers (staff in scope, an organisation's managers): activities they see, and publishing one. */
export default function ActivitiesPage() {
  const { t, lang } = useI18n();
  const [status, setStatus] = useState<ActivityStatus[]>(['PUBLISHED']);
  const [creating, setCreating] = useState(false);
  const [activities, refetch] = useQuery({
    query: ActivitiesQuery,
    variables: { status: status.length ? status : null, first: 100 },
    requestPolicy: 'cache-and-network',
  });
  const rows = activities.data?.volunteerActivities.nodes ?? [];
  return (
    <Card>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={4} className="gg-page-title">
          <CalendarOutlined /> {t('navVolActivities')}
        </Typography.Title>
        <Space wrap>
          <Button icon={<ReloadOutlined />} onClick={() => refetch({ requestPolicy: 'network-only' })}>
            {t('refresh')}
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('volPublish')}
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
          style={{ minWidth: 240 }}
          options={STATUSES.map((s) => ({ value: s, label: t(`volActivity${s}` as MessageKey) }))}
        />
      </Space>
      <Table
        rowKey="id"
        size="middle"
        loading={activities.fetching && !activities.data}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 960 }}
        columns={[
          { title: t('volTitle'), dataIndex: 'title', render: (title: string, r) => <Link to={`/volunteers/activities/${encodeURIComponent(r.id)}`}>{title}</Link> },
          { title: t('volOrganization'), render: (_, r) => r.organization.name },
          { title: t('volPlace'), render: (_, r) => r.address ?? r.unit.name },
          { title: t('volStartsAt'), dataIndex: 'startsAt', render: (v: string) => formatTime(v, lang) },
          { title: t('volEndsAt'), dataIndex: 'endsAt', render: (v: string) => formatTime(v, lang) },
          { title: t('volSignups'), render: (_, r) => `${r.signupCount} / ${r.capacity}` },
          { title: t('status'), dataIndex: 'status', render: (s: ActivityStatus) => <ActivityStatusTag status={s} /> },
          { title: t('volCheckInCode'), dataIndex: 'checkInCode', render: (c: string | null) => (c ? <Typography.Text code>{c}</Typography.Text> : '—') },
        ]}
      />
      {creating && <PublishModal onClose={() => setCreating(false)} />}
    </Card>
  );
}

interface PublishValues {
  organizationId: string;
  unitId?: string;
  title: string;
  description?: string;
  address?: string;
  startsAt: string;
  endsAt: string;
  capacity: number;
}

function PublishModal({ onClose }: { onClose(): void }) {
  const me = useMe();
  const { t } = useI18n();
  const navigate = useNavigate();
  const [form] = Form.useForm<PublishValues>();
  const { orgs, fetching } = useManagedOrganizations(me);
  const [state, create] = useMutation(CreateActivityMutation);
  const [problem, setProblem] = useState<string | null>(null);
  const start = new Date(Date.now() + 24 * 3_600_000);
  start.setMinutes(0, 0, 0);
  return (
    <Modal
      open
      title={t('volPublish')}
      onCancel={onClose}
      okText={t('volPublish')}
      confirmLoading={state.fetching}
      destroyOnHidden
      onOk={async () => {
        const v = await form.validateFields();
        const org = orgs.find((o) => o.id === v.organizationId)!;
        const result = await create({
          input: {
            organizationId: v.organizationId,
            unitId: v.unitId ?? org.unit.id,
            title: v.title,
            description: v.description || undefined,
            address: v.address || undefined,
            startsAt: fromLocalInput(v.startsAt),
            endsAt: fromLocalInput(v.endsAt),
            capacity: v.capacity,
          },
        });
        if (result.data) navigate(`/volunteers/activities/${encodeURIComponent(result.data.createVolunteerActivity.id)}`);
        else setProblem(errorText(result.error, t));
      }}
    >
      {problem && <Alert type="error" showIcon title={problem} role="alert" style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        name="vol-publish"
        initialValues={{ capacity: 20, startsAt: toLocalInput(start), endsAt: toLocalInput(new Date(start.getTime() + 2 * 3_600_000)) }}
      >
        <Form.Item name="organizationId" label={t('volOrganization')} rules={[{ required: true, message: t('required') }]}>
          <Select
            aria-label={t('volOrganization')}
            showSearch
            optionFilterProp="label"
            loading={fetching}
            options={orgs.map((o) => ({ value: o.id, label: `${o.name} · ${o.unit.name}` }))}
          />
        </Form.Item>
        <Form.Item name="unitId" label={t('volHeldAt')} extra={t('volHeldAtHint')}>
          <UnitSelect ariaLabel={t('volHeldAt')} />
        </Form.Item>
        <Form.Item name="title" label={t('volTitle')} rules={[{ required: true, max: 100, message: t('required') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="description" label={t('description')} rules={[{ max: 4000 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="address" label={t('volAddress')} rules={[{ max: 200 }]}>
          <Input />
        </Form.Item>
        <Space wrap>
          <Form.Item name="startsAt" label={t('volStartsAt')} rules={[{ required: true, message: t('required') }]}>
            <Input type="datetime-local" />
          </Form.Item>
          <Form.Item
            name="endsAt"
            label={t('volEndsAt')}
            dependencies={['startsAt']}
            rules={[
              { required: true, message: t('required') },
              ({ getFieldValue }) => ({
                validator: (_, value: string) =>
                  !value || Date.parse(value) > Date.parse(getFieldValue('startsAt')) ? Promise.resolve() : Promise.reject(new Error(t('volEndAfterStart'))),
              }),
            ]}
          >
            <Input type="datetime-local" />
          </Form.Item>
          <Form.Item name="capacity" label={t('volCapacity')} rules={[{ required: true, message: t('required') }]}>
            <InputNumber min={1} max={100000} precision={0} />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}
