import { ControlOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Form, InputNumber, Row, Typography } from 'antd';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { useMe } from '../../auth';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../messages';
import { errorText, formatTime } from '../../util';
import { AssessmentSchemeQuery, SetAssessmentSchemeMutation } from './ops';

const WEIGHTS = ['onTimeWeight', 'closureWeight', 'reworkWeight', 'satisfactionWeight'] as const;
const DEDUCTIONS = ['findingDeduction', 'overdueFindingDeduction'] as const;
type Field = (typeof WEIGHTS)[number] | (typeof DEDUCTIONS)[number];
const LABEL: Record<Field, MessageKey> = {
  onTimeWeight: 'asOnTimeWeight',
  closureWeight: 'asClosureWeight',
  reworkWeight: 'asReworkWeight',
  satisfactionWeight: 'asSatisfactionWeight',
  findingDeduction: 'asFindingDeduction',
  overdueFindingDeduction: 'asOverdueFindingDeduction',
};

/** The scheme in force (everyone who reads assessments); a CITY_ADMIN saves a new version. */
export default function SchemePage() {
  const me = useMe();
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [scheme, refetch] = useQuery({ query: AssessmentSchemeQuery, requestPolicy: 'network-only' });
  const [state, save] = useMutation(SetAssessmentSchemeMutation);
  const [form] = Form.useForm<Record<Field, number>>();
  const [error, setError] = useState<string | null>(null);
  const current = scheme.data?.assessmentScheme;
  const editable = me.role === 'CITY_ADMIN';
  const weights = Form.useWatch([], form);
  const sum = WEIGHTS.reduce((s, k) => s + (Number(weights?.[k]) || 0), 0);

  const onFinish = async (values: Record<Field, number>) => {
    setError(null);
    const res = await save({ input: values });
    if (res.error || !res.data) return setError(errorText(res.error, t));
    void message.success(t('asSchemeSaved', { version: res.data.setAssessmentScheme.version }));
    refetch({ requestPolicy: 'network-only' });
  };

  return (
    <Card>
      <Typography.Title level={4} className="gg-page-title">
        <ControlOutlined /> {t('asSchemeTitle')}
      </Typography.Title>
      {scheme.error && <Alert type="error" showIcon role="alert" title={errorText(scheme.error, t)} />}
      {current && (
        <>
          <Descriptions size="small" column={{ xs: 1, md: 2 }} style={{ marginBottom: 16 }} data-testid="scheme-current">
            <Descriptions.Item label={t('version')}>v{current.version}</Descriptions.Item>
            <Descriptions.Item label={t('asSince')}>{formatTime(current.createdAt, lang)}</Descriptions.Item>
          </Descriptions>
          <Typography.Paragraph type="secondary">{t('asSchemeHelp')}</Typography.Paragraph>
          <Form
            key={current.version}
            form={form}
            layout="vertical"
            name="scheme"
            disabled={!editable}
            initialValues={Object.fromEntries([...WEIGHTS, ...DEDUCTIONS].map((k) => [k, current[k]]))}
            onFinish={onFinish}
          >
            <Row gutter={16}>
              {WEIGHTS.map((k) => (
                <Col xs={12} md={6} key={k}>
                  <Form.Item name={k} label={t(LABEL[k])} rules={[{ required: true, message: t('required') }]}>
                    <InputNumber min={0} max={1} step={0.05} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
              ))}
            </Row>
            <Typography.Paragraph type={Math.abs(sum - 1) <= 0.001 ? 'secondary' : 'danger'} data-testid="weight-sum">
              {t('asWeightSum', { sum: sum.toFixed(3) })}
            </Typography.Paragraph>
            <Row gutter={16}>
              {DEDUCTIONS.map((k) => (
                <Col xs={12} md={6} key={k}>
                  <Form.Item name={k} label={t(LABEL[k])} rules={[{ required: true, message: t('required') }]}>
                    <InputNumber min={0} max={100} step={0.5} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
              ))}
            </Row>
            {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 12 }} />}
            {editable && (
              <Button type="primary" htmlType="submit" loading={state.fetching}>
                {t('asSaveScheme')}
              </Button>
            )}
          </Form>
        </>
      )}
    </Card>
  );
}
