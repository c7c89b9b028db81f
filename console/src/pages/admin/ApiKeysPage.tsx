import { ApiOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { useI18n } from '../../i18n';
import { errorText, formatTime } from '../../util';
import { ApiKeysQuery, CreateApiKeyMutation, RevokeApiKeyMutation } from './ops';

/**
 * CITY_ADMIN: the Open311 keys. A new key's whole secret is shown once, in the dialog that
 * creates it, and kept nowhere (the list shows only its first 8 characters).
 */
export default function ApiKeysPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [keys, refetch] = useQuery({ query: ApiKeysQuery, requestPolicy: 'cache-and-network' });
  const [creating, create] = useMutation(CreateApiKeyMutation);
  const [, revoke] = useMutation(RevokeApiKeyMutation);
  const [open, setOpen] = useState(false);
  const [secret, setSecret] = useState<{ name: string; secret: string } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [form] = Form.useForm<{ name: string }>();

  const submit = async () => {
    const { name } = await form.validateFields();
    const result = await create({ input: { name: name.trim() } });
    if (result.error || !result.data) return setProblem(errorText(result.error, t));
    setProblem(null);
    setSecret({ name: result.data.createApiKey.apiKey.name, secret: result.data.createApiKey.secret });
    form.resetFields();
    refetch({ requestPolicy: 'network-only' });
  };
  const close = () => {
    setOpen(false);
    setSecret(null);
    setProblem(null);
  };

  return (
    <Card>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={4} className="gg-page-title">
          <ApiOutlined /> {t('apiKeysTitle')}
        </Typography.Title>
        <Button type="primary" onClick={() => setOpen(true)}>
          {t('newApiKey')}
        </Button>
      </Space>
      <Typography.Paragraph type="secondary">{t('apiKeysHint')}</Typography.Paragraph>
      <Table
        size="small"
        rowKey="id"
        loading={keys.fetching && !keys.data}
        dataSource={keys.data?.apiKeys ?? []}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: <Typography.Text type="secondary">{t('noApiKeys')}</Typography.Text> }}
        columns={[
          { title: t('unitName'), dataIndex: 'name' },
          { title: t('keyPrefix'), render: (_, k) => <Typography.Text code>{k.prefix}…</Typography.Text> },
          { title: t('keyAccount'), render: (_, k) => k.user.username },
          { title: t('createdAt'), render: (_, k) => formatTime(k.createdAt, lang) },
          { title: t('lastUsedAt'), render: (_, k) => formatTime(k.lastUsedAt, lang) },
          { title: t('status'), render: (_, k) => (k.revoked ? <Tag>{t('keyRevoked')}</Tag> : <Tag style={{ color: '#135200', background: '#f6ffed', borderColor: '#b7eb8f' }}>{t('keyActive')}</Tag>) },
          {
            title: t('actions'),
            render: (_, k) =>
              k.revoked ? null : (
                <Popconfirm
                  title={t('revokeConfirm', { name: k.name })}
                  okText={t('revokeKey')}
                  cancelText={t('cancel')}
                  onConfirm={async () => {
                    const result = await revoke({ input: { id: k.id } });
                    if (result.error) return setProblem(errorText(result.error, t));
                    refetch({ requestPolicy: 'network-only' });
                    void message.success(t('saved'));
                  }}
                >
                  <Button size="small" danger>
                    {t('revokeKey')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      {problem && !open && <Alert type="warning" showIcon title={problem} closable onClose={() => setProblem(null)} style={{ marginTop: 12 }} role="alert" />}
      <Modal
        open={open}
        title={secret ? t('apiKeyCreated', { name: secret.name }) : t('newApiKey')}
        onCancel={close}
        maskClosable={!secret}
        forceRender
        footer={
          secret
            ? [
                <Button key="done" type="primary" onClick={close}>
                  {t('secretSaved')}
                </Button>,
              ]
            : [
                <Button key="cancel" onClick={close}>
                  {t('cancel')}
                </Button>,
                <Button key="create" type="primary" loading={creating.fetching} onClick={() => void submit()}>
                  {t('create')}
                </Button>,
              ]
        }
      >
        {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} role="alert" />}
        {secret ? (
          <div data-testid="api-key-secret">
            <Alert type="warning" showIcon title={t('secretOnce')} style={{ marginBottom: 12 }} />
            <Typography.Paragraph copyable={{ text: secret.secret }} code style={{ wordBreak: 'break-all' }}>
              {secret.secret}
            </Typography.Paragraph>
          </div>
        ) : (
          <Form form={form} layout="vertical" name="api-key" onFinish={() => void submit()}>
            <Form.Item name="name" label={t('apiKeyName')} rules={[{ required: true, whitespace: true, max: 100, message: t('required') }]} extra={t('apiKeyNameHint')}>
              <Input maxLength={100} />
            </Form.Item>
          </Form>
        )}
      </Modal>
    </Card>
  );
}
