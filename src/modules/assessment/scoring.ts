import type { IndicatorCounts, IndicatorsData, SchemeRow } from './assessment.model.js';

const rate = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

/** Two decimals, half away from zero (the float error of x × 100 nudged out of the way). */
export function round2(x: number): number {
  return Math.round((x + Number.EPSILON * Math.max(1, Math.abs(x))) * 100) / 100;
}

export function grade(score: number): string {
  if (score >= 90) return 'A';
  if (score >= 75) return 'B';
  if (score >= 60) return 'C';
  if (score >= 40) return 'D';
  return 'E';
}

/**
 * The README's score: 100 × the weighted mean of the rates that are not null (onTimeRate,
 * closureRate, 1 − reworkRate, satisfactionRate; their weights re-normalised; 100 when all
 * are null or their weights sum to 0), minus the deductions, floored at 0, two decimals.
 */
export function scoreOf(
  rates: { onTimeRate: number | null; closureRate: number | null; reworkRate: number | null; satisfactionRate: number | null },
  deductions: number,
  scheme: Pick<SchemeRow, 'on_time_weight' | 'closure_weight' | 'rework_weight' | 'satisfaction_weight'>,
): number {
  const parts: [number | null, number][] = [
    [rates.onTimeRate, scheme.on_time_weight],
    [rates.closureRate, scheme.closure_weight],
    [rates.reworkRate === null ? null : 1 - rates.reworkRate, scheme.rework_weight],
    [rates.satisfactionRate, scheme.satisfaction_weight],
  ];
  let weights = 0;
  let sum = 0;
  for (const [value, weight] of parts) {
    if (value === null) continue;
    weights += weight;
    sum += weight * value;
  }
  const base = weights > 0 ? (100 * sum) / weights : 100;
  return round2(Math.max(0, base - deductions));
}

/** Rates, deductions, score and grade from the counts SQL returned. */
export function indicatorsOf(counts: IndicatorCounts, code: string, from: Date, to: Date, scheme: SchemeRow): IndicatorsData {
  const rates = {
    onTimeRate: rate(counts.resolvedOnTime, counts.due),
    closureRate: rate(counts.closed, counts.due),
    reworkRate: rate(counts.reworked, counts.resolved),
    satisfactionRate: rate(counts.ratedHigh, counts.rated),
  };
  const deductions = round2(
    counts.inspectionFindings * scheme.finding_deduction +
      counts.findingsOverdue * scheme.overdue_finding_deduction +
      counts.negativeDeductions,
  );
  return {
    unitId: counts.unitId,
    code,
    from: from.toISOString(),
    to: to.toISOString(),
    received: counts.received,
    cancelled: counts.cancelled,
    due: counts.due,
    resolvedOnTime: counts.resolvedOnTime,
    closed: counts.closed,
    resolved: counts.resolved,
    reworked: counts.reworked,
    overdueUnresolved: counts.overdueUnresolved,
    escalations: counts.escalations,
    rated: counts.rated,
    averageRating: counts.rated === 0 ? null : counts.ratingSum / counts.rated,
    ...rates,
    inspectionFindings: counts.inspectionFindings,
    findingsOverdue: counts.findingsOverdue,
    negativeEntries: counts.negativeEntries,
    vetoed: counts.vetoed,
    deductions,
    score: scoreOf(rates, deductions, scheme),
    grade: '',
  };
}

/** Finishes the grade (after a year's mean replaced the score). */
export function withGrade(data: IndicatorsData): IndicatorsData {
  return { ...data, grade: grade(data.score) };
}

/** Not vetoed first, then score descending, then onTimeRate descending (null last), then code; ranks 1..n. */
export function rank(units: IndicatorsData[]): { rank: number; indicators: IndicatorsData }[] {
  const sorted = [...units].sort(
    (a, b) =>
      Number(a.vetoed) - Number(b.vetoed) ||
      b.score - a.score ||
      (a.onTimeRate === null ? 1 : 0) - (b.onTimeRate === null ? 1 : 0) ||
      (b.onTimeRate ?? 0) - (a.onTimeRate ?? 0) ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
  return sorted.map((indicators, i) => ({ rank: i + 1, indicators }));
}

/** Asia/Shanghai has no daylight saving: its days start at 16:00 UTC the day before. */
const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

export interface Period {
  label: string;
  year: number;
  quarter: number | null;
  from: Date;
  to: Date;
}

/** 2026Q3 or 2026; null when the text is neither. */
export function parsePeriod(text: string): Period | null {
  const m = /^(\d{4})(?:Q([1-4]))?$/.exec(text);
  if (!m) return null;
  const year = Number(m[1]);
  if (year < 1970 || year > 2999) return null;
  const quarter = m[2] ? Number(m[2]) : null;
  const startMonth = quarter ? (quarter - 1) * 3 : 0;
  const endMonth = quarter ? startMonth + 3 : 12;
  return {
    label: text,
    year,
    quarter,
    from: new Date(Date.UTC(year, startMonth, 1) - SHANGHAI_OFFSET_MS),
    to: new Date(Date.UTC(year, endMonth, 1) - SHANGHAI_OFFSET_MS),
  };
}

/** The quarter (2026Q3) an instant falls in, Asia/Shanghai. */
export function quarterOf(at: Date): string {
  const local = new Date(at.getTime() + SHANGHAI_OFFSET_MS);
  return `${local.getUTCFullYear()}Q${Math.floor(local.getUTCMonth() / 3) + 1}`;
}
