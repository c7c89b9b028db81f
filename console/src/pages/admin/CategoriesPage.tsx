import { TagsOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import type { AdminCategoriesQuery as Result } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { errorText } from '../../util';
import { AdminCategoriesQuery, UpsertCategoryMutation } from './ops';

type Category = Result['serviceCategories'][number];
interface Values {
  code: string;
  name: string;
  acceptWithinMinutes: number;
  resolveWithinHours: number;
  workingTime: boolean;
  duplicateRadiusMeters: number;
}

/** CITY_ADMIN: the service categories with their limits, working time and duplicate radius. */
export default function CategoriesPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [categories, refetch] = useQuery({ query: AdminCategoriesQuery, requestPolicy: 'cache-and-network' });
  const [saving, upsert] = useMutation(UpsertCategoryMutation);
  // The server's answers to this page's saves, shown over the list they were made on until
  // another list arrives: a refetch that urql drops (the same query already in flight) must
  // not leave a saved row showing what it was.
  const [saved, setSaved] = useState<{ over: Result | undefined; rows: Category[] }>({ over: undefined, rows: [] });
  const listed = categories.data?.serviceCategories ?? [];
  const shown =
    saved.over === categories.data && saved.rows.length > 0
      ? [...listed.map((c) => saved.rows.find((r) => r.id === c.id) ?? c), ...saved.rows.filter((r) => !listed.some((c) => c.id === r.id))]
      : listed;
  const [editing, setEditing] = useState<Category | 'new' | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [form] = Form.useForm<Values>();

  const open = (category: Category | 'new') => {
    setProblem(null);
    form.setFieldsValue(
      category === 'new'
        ? { code: '', name: '', acceptWithinMinutes: 30, resolveWithinHours: 24, workingTime: false, duplicateRadiusMeters: 250 }
        : {
            code: category.code,
            name: category.name,
            acceptWithinMinutes: category.acceptWithinMinutes,
            resolveWithinHours: category.resolveWithinHours,
            workingTime: category.workingTime,
            duplicateRadiusMeters: category.duplicateRadiusMeters,
          },
    );
    setEditing(category);
  };

  const save = async () => {
    const v = await form.validateFields();
    const result = await upsert({
      input: {
        code: v.code,
        name: v.name,
        acceptWithinMinutes: v.acceptWithinMinutes,
        resolveWithinHours: v.resolveWithinHours,
        workingTime: !!v.workingTime,
        duplicateRadiusMeters: v.duplicateRadiusMeters,
      },
    });
    if (result.error) return setProblem(errorText(result.error, t));
    const answer = result.data?.upsertServiceCategory;
    if (answer) {
      const over = categories.data;
      setSaved((s) => ({ over, rows: [...(s.over === over ? s.rows.filter((r) => r.id !== answer.id) : []), answer] }));
    }
    setEditing(null);
    refetch({ requestPolicy: 'network-only' });
    void message.success(t('saved'));
  };

  return (
    <Card>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={4} className="gg-page-title">
          <TagsOutlined /> {t('categoriesTitle')}
        </Typography.Title>
        <Button type="primary" onClick={() => open('new')}>
          {t('newCategory')}
        </Button>
      </Space>
      <Typography.Paragraph type="secondary">{t('categoriesHint')}</Typography.Paragraph>
      <Table
        size="small"
        rowKey="id"
        loading={categories.fetching && !categories.data}
        dataSource={shown}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          { title: t('code'), dataIndex: 'code' },
          { title: t('unitName'), dataIndex: 'name' },
          { title: t('acceptWithinMinutes'), dataIndex: 'acceptWithinMinutes' },
          { title: t('resolveWithinHours'), dataIndex: 'resolveWithinHours' },
          {
            title: t('workingTime'),
            render: (_, c) => (c.workingTime ? <Tag style={{ color: '#003eb3', background: '#e6f4ff', borderColor: '#91caff' }}>{t('workingTimeOn')}</Tag> : <Typography.Text>{t('naturalTime')}</Typography.Text>),
          },
          { title: t('duplicateRadius'), render: (_, c) => (c.duplicateRadiusMeters ? `${c.duplicateRadiusMeters} m` : t('suggestionsOff')) },
          {
            title: t('actions'),
            render: (_, c) => (
              <Button size="small" onClick={() => open(c)}>
                {t('edit')}
              </Button>
            ),
          },
        ]}
      />
      <Modal
        open={!!editing}
        title={editing === 'new' ? t('newCategory') : t('editCategory')}
        okText={t('save')}
        cancelText={t('cancel')}
        confirmLoading={saving.fetching}
        onCancel={() => setEditing(null)}
        onOk={() => void save()}
        forceRender
      >
        {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} role="alert" />}
        <Form form={form} layout="vertical" name="category">
          <Form.Item name="code" label={t('code')} rules={[{ required: true, message: t('required') }, { pattern: /^[A-Za-z0-9_.-]{1,64}$/, message: t('categoryCodeRule') }]}>
            <Input disabled={editing !== 'new'} />
          </Form.Item>
          <Form.Item name="name" label={t('unitName')} rules={[{ required: true, max: 100, message: t('required') }]}>
            <Input />
          </Form.Item>
          <Space wrap size={16}>
            <Form.Item name="acceptWithinMinutes" label={t('acceptWithinMinutes')} rules={[{ required: true, message: t('required') }]}>
              <InputNumber min={1} max={43200} precision={0} />
            </Form.Item>
            <Form.Item name="resolveWithinHours" label={t('resolveWithinHours')} rules={[{ required: true, message: t('required') }]}>
              <InputNumber min={1} max={8760} precision={0} />
            </Form.Item>
          </Space>
          <Form.Item name="workingTime" label={t('workingTime')} valuePropName="checked" extra={t('workingTimeHint')}>
            <Switch checkedChildren={t('workingTimeOn')} unCheckedChildren={t('naturalTime')} />
          </Form.Item>
          <Form.Item name="duplicateRadiusMeters" label={t('duplicateRadiusLabel')} rules={[{ required: true, message: t('required') }]} extra={t('duplicateRadiusHint')}>
            <InputNumber min={0} max={10000} precision={0} addonAfter="m" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
