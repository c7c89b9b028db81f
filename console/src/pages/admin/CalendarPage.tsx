import { CalendarOutlined, LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Modal, Radio, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import type { WorkingCalendarQuery as Calendar } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../messages';
import { errorText } from '../../util';
import './calendar.css';
import { RemoveCalendarOverrideMutation, SetCalendarDayMutation, WorkingCalendarQuery } from './ops';

type Day = Calendar['workingCalendar'][number];

const pad = (n: number) => String(n).padStart(2, '0');

/** Today's year and month in Asia/Shanghai, whose days the calendar counts. */
function thisMonth(): { year: number; month: number } {
  const [year, month] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date()).split('-').map(Number);
  return { year, month };
}

function monthRange(year: number, month: number): { from: string; to: string; days: number; firstWeekday: number } {
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  // Monday first: 0 = Monday … 6 = Sunday.
  const firstWeekday = (new Date(Date.UTC(year, month - 1, 1)).getUTCDay() + 6) % 7;
  return { from: `${year}-${pad(month)}-01`, to: `${year}-${pad(month)}-${pad(days)}`, days, firstWeekday };
}

const WEEKDAYS: MessageKey[] = ['weekdayMon', 'weekdayTue', 'weekdayWed', 'weekdayThu', 'weekdayFri', 'weekdaySat', 'weekdaySun'];

/** CITY_ADMIN: the working-day calendar a month at a time; any day can be overridden, and the override dropped again. */
export default function CalendarPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [{ year, month }, setMonth] = useState(thisMonth);
  const range = useMemo(() => monthRange(year, month), [year, month]);
  const [calendar, refetch] = useQuery({ query: WorkingCalendarQuery, variables: { from: range.from, to: range.to }, requestPolicy: 'cache-and-network' });
  const [saving, setDay] = useMutation(SetCalendarDayMutation);
  const [removing, removeOverride] = useMutation(RemoveCalendarOverrideMutation);
  const [editing, setEditing] = useState<Day | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [form] = Form.useForm<{ workday: boolean; note?: string }>();
  const days = calendar.data?.workingCalendar ?? [];
  const overrides = days.filter((d) => d.source === 'OVERRIDE');

  const step = (by: number) => {
    const index = year * 12 + (month - 1) + by;
    setMonth({ year: Math.floor(index / 12), month: (index % 12) + 1 });
  };
  const open = (day: Day) => {
    setProblem(null);
    form.setFieldsValue({ workday: day.workday, note: day.source === 'OVERRIDE' ? (day.note ?? '') : '' });
    setEditing(day);
  };
  const done = (error: Parameters<typeof errorText>[0]) => {
    if (error) return setProblem(errorText(error, t));
    setEditing(null);
    refetch({ requestPolicy: 'network-only' });
    void message.success(t('saved'));
  };
  const save = async () => {
    const values = await form.validateFields();
    done((await setDay({ input: { date: editing!.date, workday: values.workday, note: values.note?.trim() || null } })).error);
  };

  return (
    <Card>
      <Typography.Title level={4} className="gg-page-title">
        <CalendarOutlined /> {t('calendarTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('calendarHint')}</Typography.Paragraph>
      <Space style={{ marginBottom: 12 }}>
        <Button icon={<LeftOutlined />} onClick={() => step(-1)} aria-label={t('previousMonth')} />
        <Typography.Text strong data-testid="calendar-month" style={{ minWidth: 90, display: 'inline-block', textAlign: 'center' }}>
          {year}-{pad(month)}
        </Typography.Text>
        <Button icon={<RightOutlined />} onClick={() => step(1)} aria-label={t('nextMonth')} />
        <Button onClick={() => setMonth(thisMonth())}>{t('thisMonth')}</Button>
      </Space>
      <div className="gg-calendar" role="grid" aria-label={t('calendarTitle')}>
        <div role="row" className="gg-calendar-row">
          {WEEKDAYS.map((w) => (
            <div role="columnheader" key={w} className="gg-calendar-head">
              {t(w)}
            </div>
          ))}
        </div>
        {chunk([...Array<Day | null>(range.firstWeekday).fill(null), ...days], 7).map((week, i) => (
          <div role="row" className="gg-calendar-row" key={i}>
            {week.map((day, j) =>
              day ? (
                <div role="gridcell" key={day.date}>
                  <button
                    type="button"
                    className={`gg-calendar-day${day.workday ? '' : ' gg-calendar-off'}${day.source === 'OVERRIDE' ? ' gg-calendar-override' : ''}`}
                    data-date={day.date}
                    onClick={() => open(day)}
                  >
                    <span className="gg-calendar-num">{Number(day.date.slice(8))}</span>
                    <span className="gg-sr-only">
                      {day.date} {day.workday ? t('workday') : t('dayOff')}
                    </span>
                    <span className="gg-calendar-kind">{day.workday ? t('workdayShort') : t('dayOffShort')}</span>
                    {day.note && <span className="gg-calendar-note">{day.note}</span>}
                  </button>
                </div>
              ) : (
                <div role="gridcell" key={`blank-${j}`} />
              ),
            )}
          </div>
        ))}
      </div>
      <Space size={12} wrap style={{ marginTop: 8 }}>
        <span className="gg-calendar-legend">{t('workday')}</span>
        <span className="gg-calendar-legend gg-calendar-off">{t('dayOff')}</span>
        <span className="gg-calendar-legend gg-calendar-override">{t('sourceOVERRIDE')}</span>
      </Space>
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t('overridesThisMonth')}
      </Typography.Title>
      <Table
        size="small"
        rowKey="date"
        dataSource={overrides}
        pagination={false}
        locale={{ emptyText: <Typography.Text type="secondary">{t('none')}</Typography.Text> }}
        columns={[
          { title: t('calendarDate'), dataIndex: 'date' },
          { title: t('dayKind'), render: (_, d) => (d.workday ? t('workday') : t('dayOff')) },
          { title: t('note'), render: (_, d) => d.note ?? '—' },
          {
            title: t('actions'),
            render: (_, d) => (
              <Button size="small" onClick={() => open(d)}>
                {t('edit')}
              </Button>
            ),
          },
        ]}
      />
      <Modal
        open={!!editing}
        title={editing ? t('calendarDayTitle', { date: editing.date }) : ''}
        onCancel={() => setEditing(null)}
        forceRender
        footer={[
          editing?.source === 'OVERRIDE' && (
            <Button key="remove" danger loading={removing.fetching} onClick={async () => done((await removeOverride({ date: editing.date })).error)}>
              {t('removeOverride')}
            </Button>
          ),
          <Button key="cancel" onClick={() => setEditing(null)}>
            {t('cancel')}
          </Button>,
          <Button key="save" type="primary" loading={saving.fetching} onClick={() => void save()}>
            {t('saveOverride')}
          </Button>,
        ]}
      >
        {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} role="alert" />}
        {editing && (
          <Typography.Paragraph type="secondary">
            {t('calendarCurrently')}: {editing.workday ? t('workday') : t('dayOff')}
            {editing.note ? ` · ${editing.note}` : ''} · <Tag>{t(`source${editing.source}` as MessageKey)}</Tag>
          </Typography.Paragraph>
        )}
        <Form form={form} layout="vertical" name="calendar-day">
          <Form.Item name="workday" label={t('dayKind')} rules={[{ required: true, message: t('required') }]}>
            <Radio.Group optionType="button" buttonStyle="solid">
              <Radio.Button value={true}>{t('workday')}</Radio.Button>
              <Radio.Button value={false}>{t('dayOff')}</Radio.Button>
            </Radio.Group>
          </Form.Item>
          <Form.Item name="note" label={t('note')} rules={[{ max: 200 }]}>
            <Input maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
