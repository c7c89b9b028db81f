import { TeamOutlined, UserAddOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Modal, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { isStaff, useMe } from '../../auth';
import { useI18n } from '../../i18n';
import { errorText } from '../../util';
import { hoursText, Stars, UnitSelect } from './common';
import { RegisterVolunteerMutation, VolunteersQuery } from './ops';

/** Volunteers the caller may see (staff: home unit in scope; managers: their organisations' members). */
export default function VolunteersPage() {
  const me = useMe();
  const { t } = useI18n();
  const [search, setSearch] = useState('');
  const [minStarLevel, setMinStarLevel] = useState<number | undefined>();
  const [registering, setRegistering] = useState(false);
  const [list] = useQuery({
    query: VolunteersQuery,
    variables: { filter: { search: search || null, minStarLevel: minStarLevel ?? null }, first: 50 },
    requestPolicy: 'cache-and-network',
  });
  return (
    <Card>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={4} className="gg-page-title">
          <TeamOutlined /> {t('navVolPeople')} ({list.data?.volunteers.totalCount ?? 0})
        </Typography.Title>
        {isStaff(me) && (
          <Button type="primary" icon={<UserAddOutlined />} onClick={() => setRegistering(true)}>
            {t('volRegisterOther')}
          </Button>
        )}
      </Space>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder={t('volSearchHint')} aria-label={t('volSearchHint')} onSearch={setSearch} style={{ width: 260 }} />
        <Select
          allowClear
          aria-label={t('volMinStar')}
          placeholder={t('volMinStar')}
          value={minStarLevel}
          onChange={setMinStarLevel}
          style={{ minWidth: 140 }}
          options={[1, 2, 3, 4, 5].map((n) => ({ value: n, label: t('volStarN', { n }) }))}
        />
      </Space>
      <Table
        rowKey="id"
        size="middle"
        loading={list.fetching && !list.data}
        dataSource={list.data?.volunteers.nodes ?? []}
        pagination={false}
        scroll={{ x: 800 }}
        columns={[
          { title: t('volNumber'), dataIndex: 'number', render: (n: string, v) => <Link to={`/volunteers/people/${encodeURIComponent(v.id)}`}>{n}</Link> },
          { title: t('name'), dataIndex: 'name' },
          { title: t('volHomeUnit'), render: (_, v) => v.unit.name },
          { title: t('volTotalHours'), dataIndex: 'totalHours', render: (h: number) => hoursText(h) },
          { title: t('volStarLevel'), dataIndex: 'starLevel', render: (n: number) => <Stars level={n} /> },
          { title: t('volEligibleCol'), dataIndex: 'eligibleStarLevel', render: (n: number) => <Stars level={n} /> },
          { title: t('volOrganizations'), render: (_, v) => v.organizations.map((o) => o.name).join('、') || '—' },
        ]}
      />
      {registering && <RegisterOtherModal onClose={() => setRegistering(false)} />}
    </Card>
  );
}

function RegisterOtherModal({ onClose }: { onClose(): void }) {
  const me = useMe();
  const { t } = useI18n();
  const navigate = useNavigate();
  const [form] = Form.useForm<{ name: string; phone: string; unitId: string }>();
  const [state, register] = useMutation(RegisterVolunteerMutation);
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <Modal
      open
      title={t('volRegisterOther')}
      onCancel={onClose}
      okText={t('save')}
      confirmLoading={state.fetching}
      destroyOnHidden
      onOk={async () => {
        const v = await form.validateFields();
        const result = await register({ input: { ...v, forSomeoneElse: true } });
        if (result.data) navigate(`/volunteers/people/${encodeURIComponent(result.data.registerVolunteer.id)}`);
        else setProblem(errorText(result.error, t));
      }}
    >
      {problem && <Alert type="error" showIcon title={problem} role="alert" style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" name="vol-register-other">
        <Form.Item name="name" label={t('name')} rules={[{ required: true, max: 100, message: t('required') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="phone" label={t('phone')} rules={[{ required: true, pattern: /^1\d{10}$/, message: t('volPhoneRule') }]}>
          <Input inputMode="tel" />
        </Form.Item>
        <Form.Item name="unitId" label={t('volHomeUnit')} rules={[{ required: true, message: t('required') }]}>
          <UnitSelect ariaLabel={t('volHomeUnit')} scoped={me} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
