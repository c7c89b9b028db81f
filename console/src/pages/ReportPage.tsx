import { AlertOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Form, Input, Radio, Row, Select, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { useI18n } from '../i18n';
import type { LatLng } from '../map/gcj02';
import { MapView, type MapShape } from '../map/MapView';
import { CategoriesQuery, CourtyardsQuery, SubmitRequestMutation } from '../ops';
import { errorText } from '../util';
import { SimilarReports } from './facilities/SimilarReports';

/** Report a problem: category, text, and the place on the map or by courtyard. */
export default function ReportPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm();
  const [categories] = useQuery({ query: CategoriesQuery });
  const [courtyards] = useQuery({ query: CourtyardsQuery, variables: {} });
  const [mode, setMode] = useState<'map' | 'courtyard'>('map');
  const [point, setPoint] = useState<LatLng | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [state, submit] = useMutation(SubmitRequestMutation);
  const [idempotencyKey] = useState(() => crypto.randomUUID());

  const shapes: MapShape[] = useMemo(
    () =>
      (courtyards.data?.orgUnits.nodes ?? [])
        .filter((c) => c.boundary)
        .map((c) => ({ id: c.id, key: c.code, ring: c.boundary!, color: '#8c8c8c', label: c.name })),
    [courtyards.data],
  );

  const onFinish = async (values: { categoryCode: string; description: string; address?: string; courtyardId?: string }) => {
    setError(null);
    if (mode === 'map' && !point) return setError(t('pickOnMap'));
    const result = await submit({
      input: {
        categoryCode: values.categoryCode,
        description: values.description,
        address: values.address || undefined,
        location: mode === 'map' ? point : undefined,
        courtyardId: mode === 'courtyard' ? values.courtyardId : undefined,
        idempotencyKey,
      },
    });
    if (result.error || !result.data) return setError(errorText(result.error, t));
    void message.success(t('reportSubmitted', { number: result.data.submitServiceRequest.number }));
    navigate('/my-reports');
  };

  return (
    <Card>
      <Typography.Title level={4} className="gg-page-title">
        <AlertOutlined /> {t('reportTitle')}
      </Typography.Title>
      <Row gutter={[24, 16]}>
        <Col xs={24} lg={10}>
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} role="alert" />}
          <Form form={form} layout="vertical" onFinish={onFinish} name="report">
            <Form.Item name="categoryCode" label={t('category')} rules={[{ required: true, message: t('required') }]}>
              <Select aria-label={t('category')} options={(categories.data?.serviceCategories ?? []).map((c) => ({ value: c.code, label: c.name }))} />
            </Form.Item>
            <Form.Item name="description" label={t('description')} rules={[{ required: true, max: 4000, message: t('required') }]}>
              <Input.TextArea rows={4} showCount maxLength={4000} />
            </Form.Item>
            <Form.Item name="address" label={t('address')}>
              <Input />
            </Form.Item>
            <Form.Item label={t('placeBy')}>
              <Radio.Group value={mode} onChange={(e) => setMode(e.target.value)} optionType="button" buttonStyle="solid">
                <Radio.Button value="map">{t('placeOnMap')}</Radio.Button>
                <Radio.Button value="courtyard">{t('placeByCourtyard')}</Radio.Button>
              </Radio.Group>
            </Form.Item>
            {mode === 'courtyard' ? (
              <Form.Item name="courtyardId" label={t('courtyard')} rules={[{ required: true, message: t('required') }]}>
                <Select
                  aria-label={t('courtyard')}
                  showSearch
                  optionFilterProp="label"
                  options={(courtyards.data?.orgUnits.nodes ?? []).map((c) => ({ value: c.id, label: c.name }))}
                />
              </Form.Item>
            ) : (
              <Typography.Paragraph type={point ? undefined : 'secondary'} data-testid="picked-point">
                {point ? `${t('picked')}: ${point.lat.toFixed(5)}, ${point.lng.toFixed(5)}` : t('pickOnMap')}
              </Typography.Paragraph>
            )}
            <SimilarReports form={form} location={mode === 'map' ? point : null} />
            <Button type="primary" htmlType="submit" loading={state.fetching} size="large">
              {t('submit')}
            </Button>
          </Form>
        </Col>
        <Col xs={24} lg={14}>
          <MapView ariaLabel={t('pickOnMap')} shapes={shapes} point={mode === 'map' ? point : null} onPick={mode === 'map' ? setPoint : undefined} height={460} />
        </Col>
      </Row>
    </Card>
  );
}
