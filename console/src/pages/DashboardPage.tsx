import { BarChartOutlined } from '@ant-design/icons';
import { Card, Col, Row, Statistic, Table, Typography } from 'antd';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef, useState } from 'react';
import { useClient } from 'urql';
import { useMe } from '../auth';
import { useI18n } from '../i18n';
import { ChildUnitsQuery, OverdueCountQuery, RootUnitsQuery } from '../ops';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

interface Figure {
  id: string;
  name: string;
  open: number;
  overdue: number;
}

/** Open and overdue requests per child unit of the user's scope (street committees for a city admin). */
export default function DashboardPage() {
  const me = useMe();
  const { t } = useI18n();
  const client = useClient();
  const [figures, setFigures] = useState<Figure[] | null>(null);
  const chartRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let live = true;
    (async () => {
      const units = me.scope
        ? ((await client.query(ChildUnitsQuery, { parentId: me.scope.id }, { requestPolicy: 'network-only' }).toPromise()).data?.orgUnits.nodes ?? [])
        : ((await client.query(RootUnitsQuery, {}, { requestPolicy: 'network-only' }).toPromise()).data?.orgUnits.nodes ?? []);
      const overdue = await Promise.all(
        units.map((u) => client.query(OverdueCountQuery, { unitId: u.id }, { requestPolicy: 'network-only' }).toPromise()),
      );
      if (live) {
        setFigures(units.map((u, i) => ({ id: u.id, name: u.name, open: u.openRequestCount, overdue: overdue[i].data?.serviceRequests.totalCount ?? 0 })));
      }
    })();
    return () => {
      live = false;
    };
  }, [client, me.scope]);

  useEffect(() => {
    if (!chartRef.current || !figures) return;
    const chart = echarts.init(chartRef.current, undefined, { renderer: 'canvas' });
    chart.setOption({
      tooltip: { trigger: 'axis' },
      legend: { data: [t('openCount'), t('overdueCount')] },
      grid: { left: 40, right: 16, bottom: 64, top: 40 },
      xAxis: { type: 'category', data: figures.map((f) => f.name), axisLabel: { rotate: figures.length > 6 ? 30 : 0, interval: 0 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: t('openCount'), type: 'bar', data: figures.map((f) => f.open), itemStyle: { color: '#1677ff' } },
        { name: t('overdueCount'), type: 'bar', data: figures.map((f) => f.overdue), itemStyle: { color: '#cf1322' } },
      ],
    });
    const onResize = () => chart.resize();
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      chart.dispose();
    };
  }, [figures, t]);

  const totalOpen = figures?.reduce((s, f) => s + f.open, 0) ?? 0;
  const totalOverdue = figures?.reduce((s, f) => s + f.overdue, 0) ?? 0;
  return (
    <Row gutter={[16, 16]}>
      <Col span={24}>
        <Typography.Title level={4} className="gg-page-title">
          <BarChartOutlined /> {t('dashboardTitle')} · {me.scope?.name ?? t('scopeAll')}
        </Typography.Title>
      </Col>
      <Col xs={12} md={6}>
        <Card size="small">
          <Statistic title={t('openCount')} value={totalOpen} />
        </Card>
      </Col>
      <Col xs={12} md={6}>
        <Card size="small">
          <Statistic title={t('overdueCount')} value={totalOverdue} styles={{ content: { color: totalOverdue ? '#cf1322' : undefined } }} />
        </Card>
      </Col>
      <Col span={24}>
        <Card size="small">
          <div ref={chartRef} style={{ width: '100%', height: 340 }} role="img" aria-label={`${t('openCount')} / ${t('overdueCount')}`} />
        </Card>
      </Col>
      <Col span={24}>
        <Card size="small">
          <Table
            rowKey="id"
            size="small"
            loading={!figures}
            dataSource={figures ?? []}
            pagination={false}
            columns={[
              { title: t('unit'), dataIndex: 'name' },
              { title: t('openCount'), dataIndex: 'open', sorter: (a, b) => a.open - b.open },
              { title: t('overdueCount'), dataIndex: 'overdue', sorter: (a, b) => a.overdue - b.overdue, render: (n: number) => (n ? <span className="gg-overdue">{n}</span> : n) },
            ]}
          />
        </Card>
      </Col>
    </Row>
  );
}
