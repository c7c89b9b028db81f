import { Select, Tag } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useClient } from 'urql';
import { useSession, type Me } from '../../auth';
import type { AssessmentFiguresFragment, OrgLevel } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../messages';
import { AssessmentScopeParentQuery, AssessmentUnitPickQuery } from './ops';

export type Figures = AssessmentFiguresFragment;

export { publishes, readsAssessment, readsCityWide, respondsToNotices, supervises } from './roles';

const HOUR = 3_600_000;

/** Days, quarters and years are those of Asia/Shanghai (UTC+8, no summer time). */
function shanghaiNow(now = Date.now()): { year: number; quarter: number } {
  const d = new Date(now + 8 * HOUR);
  return { year: d.getUTCFullYear(), quarter: Math.floor(d.getUTCMonth() / 3) + 1 };
}

/** [from, to) of `2026Q3` or `2026`, as instants. */
export function periodRange(period: string): { from: string; to: string } {
  const m = /^(\d{4})(?:Q([1-4]))?$/.exec(period);
  if (!m) throw new Error(`not a period: ${period}`);
  const year = Number(m[1]);
  const start = m[2] ? (Number(m[2]) - 1) * 3 : 0;
  const months = m[2] ? 3 : 12;
  const at = (y: number, month: number) => `${y + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}-01T00:00:00+08:00`;
  return { from: new Date(at(year, start)).toISOString(), to: new Date(at(year, start + months)).toISOString() };
}

/** The current quarter and the `count - 1` before it, newest first. */
export function recentQuarters(count = 8): string[] {
  let { year, quarter } = shanghaiNow();
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    out.push(`${year}Q${quarter}`);
    quarter -= 1;
    if (quarter === 0) {
      quarter = 4;
      year -= 1;
    }
  }
  return out;
}

/** The last quarter that is over: the one a quarter end publishes. */
export const lastFullQuarter = () => recentQuarters(2)[1];

/** Quarters over, newest first, and the years before this one. */
export function publishablePeriods(): string[] {
  const quarters = recentQuarters(9).slice(1);
  const { year } = shanghaiNow();
  return [...quarters, String(year - 1), String(year - 2)];
}

/** `2026Q3` as 2026 年第 3 季度 / 2026 Q3. */
export function periodLabel(period: string, lang: 'zh' | 'en'): string {
  const m = /^(\d{4})(?:Q([1-4]))?$/.exec(period);
  if (!m) return period;
  if (lang === 'en') return m[2] ? `${m[1]} Q${m[2]}` : `${m[1]} (year)`;
  return m[2] ? `${m[1]} 年第 ${m[2]} 季度` : `${m[1]} 年度`;
}

/** A datetime-local value (Shanghai wall time) as an instant. */
export function fromLocalInput(value: string): string {
  return new Date(`${value.length === 16 ? `${value}:00` : value}+08:00`).toISOString();
}

/** An instant as a datetime-local value in Shanghai wall time. */
export function toLocalInput(at: number): string {
  return new Date(at + 8 * HOUR).toISOString().slice(0, 16);
}

export function percent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`;
}

/** Grade colours dark enough on their tint for WCAG AA. */
const GRADE_STYLE: Record<string, { color: string; background: string; borderColor: string }> = {
  A: { color: '#135200', background: '#f6ffed', borderColor: '#b7eb8f' },
  B: { color: '#003eb3', background: '#e6f4ff', borderColor: '#91caff' },
  C: { color: '#614700', background: '#fffbe6', borderColor: '#ffe58f' },
  D: { color: '#ad4e00', background: '#fff7e6', borderColor: '#ffd591' },
  E: { color: '#a8071a', background: '#fff1f0', borderColor: '#ffa39e' },
};
/** For a veto, a late response, a major finding: antd's preset red tag is below AA on its tint. */
export const DANGER_TAG = GRADE_STYLE.E;
export const COVERT_TAG = { color: '#391085', background: '#f9f0ff', borderColor: '#d3adf7' };
export const GRADE_COLOUR: Record<string, string> = { A: '#389e0d', B: '#1677ff', C: '#d4b106', D: '#fa8c16', E: '#cf1322' };

export function GradeTag({ grade }: { grade: string }) {
  return (
    <Tag style={GRADE_STYLE[grade]} data-grade={grade}>
      {grade}
    </Tag>
  );
}

export interface PickedUnit {
  id: string;
  code: string;
  name: string;
  level: OrgLevel;
  boundary?: readonly { lat: number; lng: number }[] | null;
}

/** A unit in the user's scope: their scope unit or below it; any unit for a city-wide user. */
function inScope(me: Me, unit: { id: string; ancestors: readonly { id: string }[] }): boolean {
  if (!me.scope) return true;
  return unit.id === me.scope.id || unit.ancestors.some((a) => a.id === me.scope!.id);
}

/**
 * A searchable unit picker limited to the user's scope: before typing it offers the scope
 * unit and its children (the street committees for a city-wide user).
 */
export function UnitPicker({
  value,
  onChange,
  multiple,
  allowClear,
  placeholder,
  ariaLabel,
  id,
  withParent,
  seen,
}: {
  value?: string | string[] | null;
  onChange?: (value: string | string[] | undefined, units: PickedUnit[]) => void;
  multiple?: boolean;
  allowClear?: boolean;
  placeholder?: string;
  ariaLabel: string;
  id?: string;
  /** Also offer the parent of the user's scope: its ranking and results rank the scope unit, and the user may read them. */
  withParent?: boolean;
  /** Units the page already knows (e.g. one opened from a table), so that they show by name. */
  seen?: readonly PickedUnit[];
}) {
  const { t } = useI18n();
  const client = useClient();
  const me = useMeSafe();
  const [search, setSearch] = useState('');
  const [found, setFound] = useState<(PickedUnit & { ancestors: readonly { id: string }[] })[]>([]);
  const [known, setKnown] = useState<Record<string, PickedUnit>>({});
  const [parent, setParent] = useState<PickedUnit | null>(null);

  useEffect(() => {
    if (!withParent || !me?.scope) return;
    let live = true;
    void client
      .query(AssessmentScopeParentQuery, { id: me.scope.id })
      .toPromise()
      .then((res) => {
        const unit = res.data?.orgUnit?.parent;
        if (!live || !unit) return;
        setParent(unit);
        setKnown((k) => ({ ...k, [unit.id]: unit }));
      });
    return () => {
      live = false;
    };
  }, [withParent, me, client]);

  useEffect(() => {
    let live = true;
    const timer = setTimeout(async () => {
      const lists = search
        ? [await client.query(AssessmentUnitPickQuery, { search }).toPromise()]
        : me?.scope
          ? [
              await client.query(AssessmentUnitPickQuery, { search: me.scope.name }).toPromise(),
              await client.query(AssessmentUnitPickQuery, { parentId: me.scope.id }).toPromise(),
            ]
          : [await client.query(AssessmentUnitPickQuery, { level: 'STREET_COMMITTEE' }).toPromise()];
      if (!live) return;
      const units = lists.flatMap((r) => r.data?.orgUnits.nodes ?? []).filter((u) => !me || inScope(me, u));
      const unique = [...new Map(units.map((u) => [u.id, u])).values()];
      setFound(unique);
      setKnown((k) => ({ ...k, ...Object.fromEntries(unique.map((u) => [u.id, u])) }));
    }, search ? 250 : 0);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [search, client, me]);

  const byId = useMemo(() => ({ ...known, ...Object.fromEntries((seen ?? []).map((u) => [u.id, u])) }), [known, seen]);
  const options = useMemo(() => {
    const offered = parent && !search ? [...found, parent] : found;
    const selected = (Array.isArray(value) ? value : value ? [value] : []).filter((id) => !offered.some((u) => u.id === id));
    return [
      ...selected.map((id) => ({ value: id, label: byId[id]?.name ?? id })),
      ...offered.map((u) => ({
        value: u.id,
        label: u === parent ? `${u.name} · ${t('asScopeRanked')}` : `${u.name} · ${t(`level${u.level}` as MessageKey)}`,
      })),
    ];
  }, [found, parent, search, byId, value, t]);

  return (
    <Select
      id={id}
      aria-label={ariaLabel}
      mode={multiple ? 'multiple' : undefined}
      showSearch
      filterOption={false}
      onSearch={setSearch}
      allowClear={allowClear}
      placeholder={placeholder ?? t('pickUnit')}
      value={value ?? undefined}
      options={options}
      style={{ minWidth: 240 }}
      notFoundContent={t('asNoUnit')}
      onChange={(next: string | string[] | undefined) => {
        const ids = Array.isArray(next) ? next : next ? [next] : [];
        onChange?.(next, ids.map((id) => byId[id]).filter(Boolean));
        setSearch('');
      }}
    />
  );
}

function useMeSafe(): Me | null {
  return useSession().me;
}
