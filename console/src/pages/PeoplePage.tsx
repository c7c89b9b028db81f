import { PlusOutlined, TeamOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Form, Input, Modal, Popconfirm, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useClient, useMutation, useQuery } from 'urql';
import { isAdmin, useMe } from '../auth';
import type { Role, UnitDetailQuery as UnitDetail } from '../gql/graphql';
import { useI18n } from '../i18n';
import type { MessageKey } from '../messages';
import {
  CategoriesQuery,
  CreateMemberMutation,
  CreateUserMutation,
  RootUnitsQuery,
  SearchUnitsQuery,
  SetSecretaryMutation,
  UnitDetailQuery,
  UpdateMemberMutation,
  UpdateUserMutation,
  UsersQuery,
} from '../ops';
import { errorText } from '../util';

type MemberRow = NonNullable<UnitDetail['orgUnit']>['members']['nodes'][number];

/** The roles each admin may grant (the API refuses the rest). */
const GRANTABLE: Record<string, Role[]> = {
  CITY_ADMIN: ['CITY_ADMIN', 'STREET_ADMIN', 'SECRETARY', 'RESPONDER'],
  STREET_ADMIN: ['SECRETARY', 'RESPONDER'],
};

/** Picks a unit inside the caller's scope by name. */
export function UnitPicker({ value, onChange, ariaLabel }: { value?: string; onChange(id: string, name: string): void; ariaLabel: string }) {
  const me = useMe();
  const { t } = useI18n();
  const client = useClient();
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  const search = async (text: string) => {
    const result = await client.query(SearchUnitsQuery, { search: text || null }, { requestPolicy: 'network-only' }).toPromise();
    const scopeId = me.scope?.id;
    setOptions(
      (result.data?.orgUnits.nodes ?? [])
        .filter((u) => !scopeId || u.id === scopeId || u.ancestors.some((a) => a.id === scopeId))
        .map((u) => ({ value: u.id, label: `${u.name} · ${t(`level${u.level}` as MessageKey)}` })),
    );
  };
  return (
    <Select
      showSearch
      filterOption={false}
      value={value}
      placeholder={t('pickUnit')}
      aria-label={ariaLabel}
      style={{ minWidth: 260 }}
      options={options}
      onSearch={(text) => void search(text)}
      onFocus={() => options.length === 0 && void search('')}
      onChange={(id: string) => onChange(id, options.find((o) => o.value === id)?.label ?? '')}
    />
  );
}

export default function PeoplePage() {
  const me = useMe();
  const { t } = useI18n();
  const admin = isAdmin(me);
  return (
    <Card>
      <Typography.Title level={4} className="gg-page-title">
        <TeamOutlined /> {t('navPeople')}
      </Typography.Title>
      <Tabs
        items={[
          { key: 'members', label: t('members'), children: <MembersTab /> },
          ...(admin ? [{ key: 'users', label: t('users'), children: <UsersTab /> }] : []),
        ]}
      />
    </Card>
  );
}

function MembersTab() {
  const me = useMe();
  const { t } = useI18n();
  const { message } = App.useApp();
  const [unitId, setUnitId] = useState<string | undefined>(me.scope?.id);
  const [roots] = useQuery({ query: RootUnitsQuery, variables: {}, pause: !!me.scope });
  useEffect(() => {
    if (!unitId && roots.data?.orgUnits.nodes[0]) setUnitId(roots.data.orgUnits.nodes[0].id);
  }, [unitId, roots.data]);
  const [detail, refetch] = useQuery({ query: UnitDetailQuery, variables: { id: unitId ?? '' }, pause: !unitId });
  const unit = detail.data?.orgUnit;
  const [editing, setEditing] = useState<MemberRow | 'new' | null>(null);
  const [, updateMember] = useMutation(UpdateMemberMutation);
  const [, setSecretary] = useMutation(SetSecretaryMutation);

  const run = async (work: Promise<{ error?: Parameters<typeof errorText>[0] }>) => {
    const result = await work;
    if (result.error) void message.error(errorText(result.error, t));
    else {
      void message.success(t('saved'));
      refetch({ requestPolicy: 'network-only' });
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Typography.Text>{t('membersOf')}:</Typography.Text>
        <UnitPicker value={unitId} onChange={(id) => setUnitId(id)} ariaLabel={t('membersOf')} />
        {unit && <Typography.Text strong>{unit.name}</Typography.Text>}
        <Button type="primary" icon={<PlusOutlined />} disabled={!unit} onClick={() => setEditing('new')}>
          {t('addMember')}
        </Button>
      </Space>
      <Table
        rowKey="id"
        size="small"
        loading={detail.fetching}
        dataSource={unit?.members.nodes ?? []}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          {
            title: t('name'),
            dataIndex: 'name',
            render: (name: string, m) => (
              <Space>
                {name}
                {unit?.secretary?.id === m.id && <Tag color="red">{t('secretary')}</Tag>}
              </Space>
            ),
          },
          { title: t('phone'), dataIndex: 'phone', render: (v) => v ?? '—' },
          { title: t('partyMember'), dataIndex: 'partyMember', render: (v) => (v ? t('yes') : t('no')) },
          { title: t('responder'), dataIndex: 'responder', render: (v) => (v ? t('yes') : t('no')) },
          { title: t('skills'), dataIndex: 'skills', render: (s: string[]) => s.map((k) => <Tag key={k}>{k}</Tag>) },
          { title: t('load'), dataIndex: 'openAssignmentCount' },
          { title: t('status'), dataIndex: 'active', render: (v) => (v ? <Tag color="green">{t('active')}</Tag> : <Tag>{t('inactive')}</Tag>) },
          {
            title: t('actions'),
            render: (_, m) => (
              <Space size={0} wrap>
                <Button type="link" size="small" onClick={() => setEditing(m)}>
                  {t('edit')}
                </Button>
                <Popconfirm
                  title={`${m.active ? t('deactivate') : t('activate')} ${m.name}?`}
                  onConfirm={() => void run(updateMember({ input: { id: m.id, active: !m.active } }))}
                >
                  <Button type="link" size="small" danger={m.active}>
                    {m.active ? t('deactivate') : t('activate')}
                  </Button>
                </Popconfirm>
                {unit && unit.secretary?.id !== m.id && m.active && (
                  <Button type="link" size="small" onClick={() => void run(setSecretary({ input: { unitId: unit.id, memberId: m.id } }))}>
                    {t('setSecretary')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <MemberDialog
        member={editing}
        unitId={unit?.id}
        close={() => setEditing(null)}
        done={() => {
          setEditing(null);
          refetch({ requestPolicy: 'network-only' });
        }}
      />
    </Space>
  );
}

function MemberDialog({ member, unitId, close, done }: { member: MemberRow | 'new' | null; unitId?: string; close(): void; done(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [categories] = useQuery({ query: CategoriesQuery });
  const [createState, create] = useMutation(CreateMemberMutation);
  const [updateState, update] = useMutation(UpdateMemberMutation);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setError(null);
    form.resetFields();
    if (member && member !== 'new') form.setFieldsValue({ ...member, phone: undefined });
  }, [member, form]);

  const onOk = async () => {
    const v = await form.validateFields();
    const fields = { name: v.name, partyMember: !!v.partyMember, responder: !!v.responder, skills: v.skills ?? [], ...(v.phone ? { phone: v.phone } : {}) };
    const result =
      member === 'new' ? await create({ input: { unitId: unitId!, ...fields } }) : await update({ input: { id: (member as MemberRow).id, ...fields } });
    if (result.error) return setError(errorText(result.error, t));
    void message.success(t('saved'));
    done();
  };

  return (
    <Modal
      open={!!member}
      title={member === 'new' ? t('addMember') : t('editMember')}
      onCancel={close}
      onOk={() => void onOk()}
      okText={t('save')}
      confirmLoading={createState.fetching || updateState.fetching}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} role="alert" />}
      <Form form={form} layout="vertical" name="member" initialValues={{ partyMember: true, responder: false, skills: [] }}>
        <Form.Item name="name" label={t('name')} rules={[{ required: true, max: 100, message: t('required') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="phone" label={t('phone')} extra={member !== 'new' ? '••••' : undefined}>
          <Input inputMode="tel" />
        </Form.Item>
        <Space>
          <Form.Item name="partyMember" valuePropName="checked">
            <Checkbox>{t('partyMember')}</Checkbox>
          </Form.Item>
          <Form.Item name="responder" valuePropName="checked">
            <Checkbox>{t('responder')}</Checkbox>
          </Form.Item>
        </Space>
        <Form.Item name="skills" label={t('skills')}>
          <Select
            mode="multiple"
            aria-label={t('skills')}
            options={(categories.data?.serviceCategories ?? []).map((c) => ({ value: c.code, label: `${c.name} (${c.code})` }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function UsersTab() {
  const me = useMe();
  const { t } = useI18n();
  const { message } = App.useApp();
  const [search, setSearch] = useState('');
  const [users, refetch] = useQuery({ query: UsersQuery, variables: { search: search || null } });
  const [creating, setCreating] = useState(false);
  const [, updateUser] = useMutation(UpdateUserMutation);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Input.Search placeholder={t('searchUsers')} aria-label={t('searchUsers')} allowClear onSearch={setSearch} style={{ width: 260 }} />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('addUser')}
        </Button>
      </Space>
      <Table
        rowKey="id"
        size="small"
        loading={users.fetching}
        dataSource={users.data?.users.nodes ?? []}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          { title: t('username'), dataIndex: 'username' },
          { title: t('name'), dataIndex: 'name', render: (v) => v ?? '—' },
          { title: t('role'), dataIndex: 'role', render: (r: Role) => <Tag>{t(`role${r}` as MessageKey)}</Tag> },
          { title: t('scope'), render: (_, u) => u.scope?.name ?? '—' },
          { title: t('member'), render: (_, u) => u.member?.name ?? '—' },
          { title: t('status'), dataIndex: 'active', render: (v) => (v ? <Tag color="green">{t('active')}</Tag> : <Tag>{t('inactive')}</Tag>) },
          {
            title: t('actions'),
            render: (_, u) =>
              u.id === me.id ? null : (
                <Popconfirm
                  title={`${u.active ? t('deactivate') : t('activate')} ${u.username}?`}
                  onConfirm={async () => {
                    const result = await updateUser({ input: { id: u.id, active: !u.active } });
                    if (result.error) void message.error(errorText(result.error, t));
                    else refetch({ requestPolicy: 'network-only' });
                  }}
                >
                  <Button type="link" size="small" danger={u.active}>
                    {u.active ? t('deactivate') : t('activate')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      <UserDialog
        open={creating}
        close={() => setCreating(false)}
        done={() => {
          setCreating(false);
          refetch({ requestPolicy: 'network-only' });
        }}
      />
    </Space>
  );
}

function UserDialog({ open, close, done }: { open: boolean; close(): void; done(): void }) {
  const me = useMe();
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const role = Form.useWatch('role', form) as Role | undefined;
  const memberUnit = Form.useWatch('memberUnitId', form) as string | undefined;
  const [unit] = useQuery({ query: UnitDetailQuery, variables: { id: memberUnit ?? '' }, pause: !memberUnit });
  const [state, create] = useMutation(CreateUserMutation);
  const [error, setError] = useState<string | null>(null);
  const roles = useMemo(() => GRANTABLE[me.role] ?? [], [me.role]);
  useEffect(() => {
    setError(null);
    form.resetFields();
  }, [open, form]);

  const onOk = async () => {
    const v = await form.validateFields();
    const result = await create({
      input: {
        username: v.username,
        password: v.password,
        role: v.role,
        scopeUnitId: v.role === 'STREET_ADMIN' || v.role === 'SECRETARY' ? v.scopeUnitId : undefined,
        memberId: v.role === 'RESPONDER' ? v.memberId : undefined,
      },
    });
    if (result.error) return setError(errorText(result.error, t));
    void message.success(t('saved'));
    done();
  };

  return (
    <Modal open={open} title={t('addUser')} onCancel={close} onOk={() => void onOk()} okText={t('save')} confirmLoading={state.fetching} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} role="alert" />}
      <Form form={form} layout="vertical" name="user">
        <Form.Item name="username" label={t('username')} rules={[{ required: true, message: t('required') }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="password" label={t('password')} extra={t('passwordRule')} rules={[{ required: true, min: 10, max: 128, message: t('passwordRule') }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="role" label={t('role')} rules={[{ required: true, message: t('required') }]}>
          <Select aria-label={t('role')} options={roles.map((r) => ({ value: r, label: t(`role${r}` as MessageKey) }))} />
        </Form.Item>
        {(role === 'STREET_ADMIN' || role === 'SECRETARY') && (
          <Form.Item name="scopeUnitId" label={t('scope')} rules={[{ required: true, message: t('required') }]}>
            <UnitPicker onChange={(id) => form.setFieldValue('scopeUnitId', id)} ariaLabel={t('scope')} />
          </Form.Item>
        )}
        {role === 'RESPONDER' && (
          <>
            <Form.Item name="memberUnitId" label={t('membersOf')} rules={[{ required: true, message: t('required') }]}>
              <UnitPicker onChange={(id) => form.setFieldValue('memberUnitId', id)} ariaLabel={t('membersOf')} />
            </Form.Item>
            <Form.Item name="memberId" label={t('member')} rules={[{ required: true, message: t('required') }]}>
              <Select
                aria-label={t('member')}
                options={(unit.data?.orgUnit?.members.nodes ?? [])
                  .filter((m) => m.responder && m.active)
                  .map((m) => ({ value: m.id, label: `${m.name}${m.skills.length ? ` (${m.skills.join(', ')})` : ''}` }))}
              />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
