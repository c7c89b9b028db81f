import { TrophyOutlined } from '@ant-design/icons';
import { Alert, Card, Col, Row, Select, Space, Statistic, Tag, Typography } from 'antd';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useQuery } from 'urql';
import { useMe } from '../../auth';
import type { OrgLevel } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../messages';
import { errorText, LEVEL_BELOW } from '../../util';
import { DANGER_TAG, GRADE_COLOUR, GradeTag, lastFullQuarter, percent, periodLabel, periodRange, readsCityWide, recentQuarters, UnitPicker, type Figures, type PickedUnit } from './common';
import { AssessmentRankingQuery, UnitIndicatorsQuery } from './ops';
import { RankingTable } from './RankingTable';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

/** The live ranking of the children of a unit in the user's scope (table and chart), and that unit's own figures. */
export default function RankingPage() {
  const me = useMe();
  const { t, lang } = useI18n();
  const cityWide = readsCityWide(me);
  const [unit, setUnit] = useState<{ id: string; name: string; level: OrgLevel } | null>(me.scope ? { id: me.scope.id, name: me.scope.name, level: me.scope.level } : null);
  const [period, setPeriod] = useState(lastFullQuarter);
  const [level, setLevel] = useState<OrgLevel | 'children'>('children');
  const range = useMemo(() => periodRange(period), [period]);

  const [ranking] = useQuery({
    query: AssessmentRankingQuery,
    variables: { unitId: unit?.id, ...range, level: level === 'children' ? undefined : level },
    pause: !unit && !cityWide,
    requestPolicy: 'cache-and-network',
  });
  const [own] = useQuery({ query: UnitIndicatorsQuery, variables: { id: unit?.id ?? '', ...range }, pause: !unit, requestPolicy: 'cache-and-network' });
  const rows = ranking.data?.assessmentRanking ?? [];
  const figures = unit ? own.data?.orgUnit?.indicators : null;

  const levels: OrgLevel[] = [];
  for (let l = unit ? LEVEL_BELOW[unit.level] : 'STREET_COMMITTEE'; l; l = LEVEL_BELOW[l]) levels.push(l as OrgLevel);

  const chartRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!chartRef.current || rows.length === 0) return;
    const chart = echarts.init(chartRef.current, undefined, { renderer: 'canvas' });
    chart.setOption({
      // Drawn at once: a ranking is read, not watched grow.
      animation: false,
      tooltip: { trigger: 'axis' },
      grid: { left: 40, right: 16, bottom: 72, top: 24 },
      xAxis: { type: 'category', data: rows.map((r) => r.indicators.unit.name), axisLabel: { rotate: rows.length > 5 ? 30 : 0, interval: 0 } },
      yAxis: { type: 'value', min: 0, max: 100 },
      series: [
        {
          name: t('asScore'),
          type: 'bar',
          data: rows.map((r) => ({ value: r.indicators.score, itemStyle: { color: GRADE_COLOUR[r.indicators.grade] ?? '#1677ff' } })),
          label: { show: rows.length <= 12, position: 'top' },
        },
      ],
    });
    const onResize = () => chart.resize();
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      chart.dispose();
    };
  }, [rows, t]);

  return (
    <Row gutter={[16, 16]}>
      <Col span={24}>
        <Typography.Title level={4} className="gg-page-title">
          <TrophyOutlined /> {t('asRankingTitle')} · {unit?.name ?? t('asCityWide')}
        </Typography.Title>
        <Space wrap>
          <UnitPicker
            ariaLabel={t('unit')}
            withParent
            seen={unit ? [unit as PickedUnit] : undefined}
            value={unit?.id ?? null}
            allowClear={cityWide}
            placeholder={cityWide ? t('asCityWide') : undefined}
            onChange={(_, units) => {
              setUnit(units[0] ? { id: units[0].id, name: units[0].name, level: units[0].level } : null);
              setLevel('children');
            }}
          />
          <Select
            aria-label={t('asPeriod')}
            value={period}
            onChange={setPeriod}
            style={{ width: 170 }}
            options={recentQuarters().map((p) => ({ value: p, label: periodLabel(p, lang) }))}
          />
          <Select
            aria-label={t('asRanked')}
            value={level}
            onChange={setLevel}
            style={{ width: 200 }}
            options={[
              { value: 'children', label: unit ? t('asChildren') : t('levelSTREET_COMMITTEE') },
              ...(unit && figures ? levels.slice(1) : []).map((l) => ({ value: l, label: t('asEveryLevel', { level: t(`level${l}` as MessageKey) }) })),
            ]}
          />
        </Space>
      </Col>
      {!unit && !cityWide && (
        <Col span={24}>
          <Alert type="info" showIcon title={t('pickUnit')} />
        </Col>
      )}
      {figures && <OwnFigures figures={figures} />}
      {ranking.error && (
        <Col span={24}>
          <Alert type="error" showIcon role="alert" title={errorText(ranking.error, t)} />
        </Col>
      )}
      <Col span={24}>
        <Card size="small" title={t('asScoreChart')}>
          {rows.length > 0 ? (
            <div ref={chartRef} style={{ width: '100%', height: 320 }} role="img" aria-label={t('asScoreChart')} data-testid="ranking-chart" />
          ) : (
            <Typography.Text type="secondary">{ranking.fetching ? t('loading') : t('asNoRanking')}</Typography.Text>
          )}
        </Card>
      </Col>
      <Col span={24}>
        <Card size="small">
          {/* Opening a unit needs it in scope: below a ranked unit in scope, or the user's own unit in a ranking above it. */}
          <RankingTable
            rows={rows}
            loading={ranking.fetching && rows.length === 0}
            canOpen={(id) => !unit || !!figures || id === me.scope?.id}
            onUnit={(u) => {
              setUnit(u);
              setLevel('children');
            }}
          />
        </Card>
      </Col>
    </Row>
  );
}

function OwnFigures({ figures }: { figures: Figures }) {
  const { t } = useI18n();
  const items: [MessageKey, string | number][] = [
    ['asReceived', figures.received],
    ['asDue', figures.due],
    ['asOnTimeRate', percent(figures.onTimeRate)],
    ['asClosureRate', percent(figures.closureRate)],
    ['asReworkRate', percent(figures.reworkRate)],
    ['asSatisfactionRate', percent(figures.satisfactionRate)],
    ['asOverdueUnresolved', figures.overdueUnresolved],
    ['asFindings', figures.inspectionFindings],
    ['asNegativeEntries', figures.negativeEntries],
    ['asDeductions', figures.deductions],
  ];
  return (
    <Col span={24}>
      <Card size="small" title={t('asOwnFigures', { unit: figures.unit.name })} data-testid="own-figures">
        <Row gutter={[16, 16]}>
          <Col xs={12} md={4}>
            <Statistic title={t('asScore')} value={figures.score} precision={2} />
            <Space size={4}>
              <GradeTag grade={figures.grade} />
              {figures.vetoed && <Tag style={DANGER_TAG}>{t('asVetoed')}</Tag>}
            </Space>
          </Col>
          {items.map(([key, value]) => (
            <Col xs={12} md={4} key={key}>
              <Statistic title={t(key)} value={value} />
            </Col>
          ))}
        </Row>
      </Card>
    </Col>
  );
}
