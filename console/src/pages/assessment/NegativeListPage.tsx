import { PlusOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tabs, Tag, Typography, Card } from 'antd';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { useMe } from '../../auth';
import type { NegativeEntriesQuery as EntriesResult, NegativeListItemsQuery as ItemsResult } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { errorText, formatTime } from '../../util';
import { DANGER_TAG, fromLocalInput, supervises, toLocalInput, UnitPicker } from './common';
import { NegativeEntriesQuery, NegativeListItemsQuery, RecordNegativeEntryMutation, RevokeNegativeEntryMutation, UpsertNegativeListItemMutation } from './ops';
import { MoreButton, usePaged } from './paged';

/** antd's warning tag falls below WCAG AA contrast. */
const IN_FORCE_STYLE = { color: '#ad4e00', background: '#fff7e6', borderColor: '#ffd591' };

type Entry = EntriesResult['negativeListEntries']['nodes'][number];
type Item = ItemsResult['negativeListItems'][number];

/** The negative list (负面清单): entries in scope (recorded and revoked by inspectors and admins) and its items (the CITY_ADMIN's). */
export default function NegativeListPage() {
  const me = useMe();
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [includeRevoked, setIncludeRevoked] = useState(false);
  const entries = usePaged(NegativeEntriesQuery, { includeRevoked }, (d) => d.negativeListEntries, String(includeRevoked));
  const [items, refetchItems] = useQuery({ query: NegativeListItemsQuery, requestPolicy: 'cache-and-network' });
  const [recording, setRecording] = useState(false);
  const [revoking, setRevoking] = useState<Entry | null>(null);
  const [editing, setEditing] = useState<Item | 'new' | null>(null);
  const itemList = items.data?.negativeListItems ?? [];

  const entriesTab = (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Space>
          <Switch id="include-revoked" checked={includeRevoked} onChange={setIncludeRevoked} />
          <label htmlFor="include-revoked">{t('asIncludeRevoked')}</label>
        </Space>
        {supervises(me) && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setRecording(true)}>
            {t('asRecordEntry')}
          </Button>
        )}
      </Space>
      {entries.error && <Alert type="error" showIcon role="alert" title={errorText(entries.error, t)} style={{ marginBottom: 12 }} />}
      <Table<Entry>
        rowKey="id"
        size="small"
        loading={entries.nodes === null}
        dataSource={entries.nodes ?? []}
        pagination={false}
        data-testid="entries-table"
        columns={[
          { title: t('asOccurredAt'), render: (_, e) => formatTime(e.occurredAt, lang) },
          { title: t('unit'), render: (_, e) => e.unit.name },
          {
            title: t('asItem'),
            render: (_, e) => (
              <Space size={4} wrap>
                <span>{e.item.description}</span>
                {e.item.veto && <Tag style={DANGER_TAG}>{t('asVeto')}</Tag>}
              </Space>
            ),
          },
          { title: t('asDeduction'), render: (_, e) => e.item.deduction },
          { title: t('note'), dataIndex: 'note' },
          { title: t('asRecordedBy'), render: (_, e) => e.recordedBy?.name ?? e.recordedBy?.username ?? '—' },
          {
            title: t('status'),
            render: (_, e) =>
              e.revoked ? (
                <Space direction="vertical" size={0}>
                  <Tag>{t('asRevoked')}</Tag>
                  <Typography.Text type="secondary">{e.revokedReason}</Typography.Text>
                </Space>
              ) : (
                <Tag style={IN_FORCE_STYLE}>{t('asInForce')}</Tag>
              ),
          },
          ...(supervises(me)
            ? [
                {
                  title: t('actions'),
                  render: (_: unknown, e: Entry) =>
                    !e.revoked && (
                      <Button size="small" onClick={() => setRevoking(e)}>
                        {t('asRevoke')}
                      </Button>
                    ),
                },
              ]
            : []),
        ]}
      />
      <MoreButton shown={entries.nodes?.length ?? 0} total={entries.totalCount} hasMore={entries.hasMore} fetching={entries.fetching} onMore={entries.more} />
    </>
  );

  const itemsTab = (
    <>
      {me.role === 'CITY_ADMIN' && (
        <Button type="primary" icon={<PlusOutlined />} style={{ marginBottom: 12 }} onClick={() => setEditing('new')}>
          {t('asNewItem')}
        </Button>
      )}
      <Table<Item>
        rowKey="code"
        size="small"
        loading={items.fetching && !items.data}
        dataSource={itemList}
        pagination={false}
        data-testid="items-table"
        columns={[
          { title: t('code'), dataIndex: 'code' },
          { title: t('description'), dataIndex: 'description' },
          { title: t('asDeduction'), dataIndex: 'deduction' },
          { title: t('asVeto'), render: (_, i) => (i.veto ? <Tag style={DANGER_TAG}>{t('yes')}</Tag> : t('no')) },
          ...(me.role === 'CITY_ADMIN'
            ? [
                {
                  title: t('actions'),
                  render: (_: unknown, i: Item) => (
                    <Button size="small" onClick={() => setEditing(i)}>
                      {t('edit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
    </>
  );

  return (
    <Card>
      <Typography.Title level={4} className="gg-page-title">
        <WarningOutlined /> {t('asNegativeTitle')}
      </Typography.Title>
      <Tabs
        items={[
          { key: 'entries', label: t('asEntries'), children: entriesTab },
          { key: 'items', label: t('asItems'), children: itemsTab },
        ]}
      />
      {recording && (
        <RecordEntry
          items={itemList}
          onDone={(saved) => {
            setRecording(false);
            if (saved) entries.reload();
          }}
        />
      )}
      {revoking && (
        <Revoke
          entry={revoking}
          onDone={(saved) => {
            setRevoking(null);
            if (saved) {
              void message.success(t('saved'));
              entries.reload();
            }
          }}
        />
      )}
      {editing && (
        <EditItem
          item={editing === 'new' ? null : editing}
          onDone={(saved) => {
            setEditing(null);
            if (saved) {
              void message.success(t('saved'));
              refetchItems({ requestPolicy: 'network-only' });
              entries.reload();
            }
          }}
        />
      )}
    </Card>
  );
}

function RecordEntry({ items, onDone }: { items: readonly Item[]; onDone: (saved: boolean) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [state, record] = useMutation(RecordNegativeEntryMutation);
  const [error, setError] = useState<string | null>(null);

  const onFinish = async (values: { unitId: string; itemCode: string; occurredAt: string; note: string }) => {
    setError(null);
    const res = await record({ input: { unitId: values.unitId, itemCode: values.itemCode, occurredAt: fromLocalInput(values.occurredAt), note: values.note } });
    if (res.error) return setError(errorText(res.error, t));
    void message.success(t('saved'));
    onDone(true);
  };

  return (
    <Modal open title={t('asRecordEntry')} onCancel={() => onDone(false)} onOk={() => form.submit()} okText={t('submit')} cancelText={t('cancel')} confirmLoading={state.fetching}>
      {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" name="record-entry" onFinish={onFinish} initialValues={{ occurredAt: toLocalInput(Date.now()) }}>
        <Form.Item name="unitId" label={t('unit')} rules={[{ required: true, message: t('required') }]}>
          <UnitPicker ariaLabel={t('unit')} />
        </Form.Item>
        <Form.Item name="itemCode" label={t('asItem')} rules={[{ required: true, message: t('required') }]}>
          <Select aria-label={t('asItem')} options={items.map((i) => ({ value: i.code, label: `${i.description}（-${i.deduction}${i.veto ? ` · ${t('asVeto')}` : ''}）` }))} />
        </Form.Item>
        <Form.Item name="occurredAt" label={t('asOccurredAt')} rules={[{ required: true, message: t('required') }]}>
          <Input type="datetime-local" />
        </Form.Item>
        <Form.Item name="note" label={t('note')} rules={[{ required: true, max: 2000, message: t('required') }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function Revoke({ entry, onDone }: { entry: Entry; onDone: (saved: boolean) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const [state, revoke] = useMutation(RevokeNegativeEntryMutation);
  const [error, setError] = useState<string | null>(null);
  const onFinish = async (values: { reason: string }) => {
    const res = await revoke({ input: { entryId: entry.id, reason: values.reason } });
    if (res.error) return setError(errorText(res.error, t));
    onDone(true);
  };
  return (
    <Modal open title={`${t('asRevoke')} · ${entry.unit.name}`} onCancel={() => onDone(false)} onOk={() => form.submit()} okText={t('submit')} cancelText={t('cancel')} confirmLoading={state.fetching}>
      {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" name="revoke-entry" onFinish={onFinish}>
        <Form.Item name="reason" label={t('reason')} rules={[{ required: true, max: 2000, message: t('required') }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function EditItem({ item, onDone }: { item: Item | null; onDone: (saved: boolean) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const [state, upsert] = useMutation(UpsertNegativeListItemMutation);
  const [error, setError] = useState<string | null>(null);
  const onFinish = async (values: { code: string; description: string; deduction: number; veto: boolean }) => {
    const res = await upsert({ input: { code: values.code.trim(), description: values.description, deduction: values.deduction, veto: !!values.veto } });
    if (res.error) return setError(errorText(res.error, t));
    onDone(true);
  };
  return (
    <Modal open title={item ? `${t('edit')} ${item.code}` : t('asNewItem')} onCancel={() => onDone(false)} onOk={() => form.submit()} okText={t('save')} cancelText={t('cancel')} confirmLoading={state.fetching}>
      {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" name="edit-item" onFinish={onFinish} initialValues={item ?? { deduction: 1, veto: false }}>
        <Form.Item name="code" label={t('code')} rules={[{ required: true, max: 64, message: t('required') }]}>
          <Input disabled={!!item} maxLength={64} />
        </Form.Item>
        <Form.Item name="description" label={t('description')} rules={[{ required: true, max: 500, message: t('required') }]}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        <Form.Item name="deduction" label={t('asDeduction')} rules={[{ required: true, message: t('required') }]}>
          <InputNumber min={0} max={100} step={0.5} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="veto" label={t('asVeto')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
