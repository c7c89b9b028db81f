import { Button, Space, Table, Tag } from 'antd';
import type { OrgLevel } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import { DANGER_TAG, GradeTag, percent, type Figures } from './common';

/** Rank, unit, score and grade, then the figures behind them. */
export function RankingTable({
  rows,
  loading,
  onUnit,
  canOpen = () => true,
}: {
  rows: readonly { rank: number; indicators: Figures }[];
  loading?: boolean;
  onUnit?: (unit: { id: string; name: string; level: OrgLevel }) => void;
  /** Whether the user may open a unit's own ranking (it lies in their scope). */
  canOpen?: (unitId: string) => boolean;
}) {
  const { t } = useI18n();
  return (
    <Table
      rowKey={(r) => r.indicators.unit.id}
      size="small"
      loading={loading}
      dataSource={rows as { rank: number; indicators: Figures }[]}
      pagination={false}
      data-testid="ranking-table"
      columns={[
        { title: t('asRank'), dataIndex: 'rank', width: 64 },
        {
          title: t('unit'),
          render: (_, r) =>
            onUnit && r.indicators.unit.level !== 'COURTYARD_GROUP' && canOpen(r.indicators.unit.id) ? (
              <Button type="link" size="small" style={{ padding: 0 }} onClick={() => onUnit(r.indicators.unit)}>
                {r.indicators.unit.name}
              </Button>
            ) : (
              r.indicators.unit.name
            ),
        },
        { title: t('asScore'), render: (_, r) => r.indicators.score.toFixed(2) },
        {
          title: t('asGrade'),
          render: (_, r) => (
            <Space size={4}>
              <GradeTag grade={r.indicators.grade} />
              {r.indicators.vetoed && <Tag style={DANGER_TAG}>{t('asVetoed')}</Tag>}
            </Space>
          ),
        },
        { title: t('asReceived'), render: (_, r) => r.indicators.received },
        { title: t('asDue'), render: (_, r) => r.indicators.due },
        { title: t('asOnTimeRate'), render: (_, r) => percent(r.indicators.onTimeRate) },
        { title: t('asClosureRate'), render: (_, r) => percent(r.indicators.closureRate) },
        { title: t('asReworkRate'), render: (_, r) => percent(r.indicators.reworkRate) },
        { title: t('asSatisfactionRate'), render: (_, r) => percent(r.indicators.satisfactionRate) },
        { title: t('asFindings'), render: (_, r) => r.indicators.inspectionFindings },
        { title: t('asNegativeEntries'), render: (_, r) => r.indicators.negativeEntries },
        { title: t('asDeductions'), render: (_, r) => r.indicators.deductions },
      ]}
    />
  );
}
