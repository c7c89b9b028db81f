import { FileDoneOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Empty, Popconfirm, Select, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { useMe } from '../../auth';
import { useI18n } from '../../i18n';
import { errorText, formatTime } from '../../util';
import { lastFullQuarter, periodLabel, publishablePeriods, publishes, readsCityWide, UnitPicker, type PickedUnit } from './common';
import { AssessmentResultQuery, PublishAssessmentMutation } from './ops';
import { RankingTable } from './RankingTable';

/** Published (frozen) results of a period for the children of a unit; admins publish a period that is over. */
export default function ResultsPage() {
  const me = useMe();
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const cityWide = readsCityWide(me);
  const [unit, setUnit] = useState<{ id: string; name: string } | null>(me.scope ? { id: me.scope.id, name: me.scope.name } : null);
  const [period, setPeriod] = useState(lastFullQuarter);
  const [result, refetch] = useQuery({
    query: AssessmentResultQuery,
    variables: { period, unitId: unit?.id },
    pause: !unit && !cityWide,
    requestPolicy: 'network-only',
  });
  const [publishing, publish] = useMutation(PublishAssessmentMutation);
  const [error, setError] = useState<string | null>(null);
  const published = result.data?.assessmentResult;
  // Only a CITY_ADMIN publishes the city-wide result; a STREET_ADMIN publishes for units of their street.
  const mayPublish = publishes(me) && (unit !== null || me.role === 'CITY_ADMIN');
  const periods = useMemo(() => publishablePeriods(), []);

  const onPublish = async () => {
    setError(null);
    const res = await publish({ input: { period, unitId: unit?.id } });
    if (res.error) return setError(errorText(res.error, t));
    void message.success(t('asPublished'));
    refetch({ requestPolicy: 'network-only' });
  };

  return (
    <Card>
      <Typography.Title level={4} className="gg-page-title">
        <FileDoneOutlined /> {t('asResultsTitle')}
      </Typography.Title>
      <Space wrap style={{ marginBottom: 16 }}>
        <UnitPicker
          ariaLabel={t('unit')}
          withParent
          seen={unit ? [unit as PickedUnit] : undefined}
          value={unit?.id ?? null}
          allowClear={cityWide}
          placeholder={cityWide ? t('asCityWide') : undefined}
          onChange={(_, units) => setUnit(units[0] ? { id: units[0].id, name: units[0].name } : null)}
        />
        <Select aria-label={t('asPeriod')} value={period} onChange={setPeriod} style={{ width: 170 }} options={periods.map((p) => ({ value: p, label: periodLabel(p, lang) }))} />
      </Space>
      {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 12 }} />}
      {result.error && <Alert type="error" showIcon role="alert" title={errorText(result.error, t)} style={{ marginBottom: 12 }} />}
      {published ? (
        <>
          <Descriptions size="small" column={{ xs: 1, md: 4 }} style={{ marginBottom: 12 }} data-testid="result-meta">
            <Descriptions.Item label={t('asPeriod')}>{periodLabel(published.period, lang)}</Descriptions.Item>
            <Descriptions.Item label={t('unit')}>{published.unit?.name ?? t('asCityWide')}</Descriptions.Item>
            <Descriptions.Item label={t('asPublishedAt')}>{formatTime(published.publishedAt, lang)}</Descriptions.Item>
            <Descriptions.Item label={t('asSchemeVersion')}>v{published.schemeVersion}</Descriptions.Item>
          </Descriptions>
          <RankingTable rows={published.ranking} />
        </>
      ) : (
        !result.fetching &&
        !result.error && (
          <Empty description={t('asNotPublished', { period: periodLabel(period, lang), unit: unit?.name ?? t('asCityWide') })}>
            {mayPublish && (
              <Popconfirm title={t('asPublishConfirm')} onConfirm={onPublish} okText={t('asPublish')} cancelText={t('cancel')}>
                <Button type="primary" loading={publishing.fetching}>
                  {t('asPublish')}
                </Button>
              </Popconfirm>
            )}
          </Empty>
        )
      )}
    </Card>
  );
}
