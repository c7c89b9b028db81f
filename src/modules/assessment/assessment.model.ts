import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { GeoPoint } from '../../common/graphql/geo.js';
import { toGlobalId } from '../../common/graphql/global-id.js';
import { Node, type TypedNode } from '../../common/graphql/node.interface.js';
import { ConnectionType } from '../../common/paging/paging.js';
import { OrgUnit } from './deps.js';

/** The counts of one unit's subtree over a period, as SQL returns them (no rates, no score). */
export interface IndicatorCounts {
  unitId: string;
  received: number;
  cancelled: number;
  due: number;
  resolvedOnTime: number;
  closed: number;
  resolved: number;
  reworked: number;
  overdueUnresolved: number;
  escalations: number;
  rated: number;
  ratingSum: number;
  ratedHigh: number;
  inspectionFindings: number;
  findingsOverdue: number;
  negativeEntries: number;
  negativeDeductions: number;
  vetoed: boolean;
}

export interface SchemeRow {
  version: number;
  on_time_weight: number;
  closure_weight: number;
  rework_weight: number;
  satisfaction_weight: number;
  finding_deduction: number;
  overdue_finding_deduction: number;
  created_at: Date;
}

/** The figures of one unit as stored in a published result and as served (unit by database id). */
export interface IndicatorsData {
  unitId: string;
  code: string;
  from: string;
  to: string;
  received: number;
  cancelled: number;
  due: number;
  resolvedOnTime: number;
  closed: number;
  resolved: number;
  reworked: number;
  overdueUnresolved: number;
  escalations: number;
  rated: number;
  averageRating: number | null;
  onTimeRate: number | null;
  closureRate: number | null;
  reworkRate: number | null;
  satisfactionRate: number | null;
  inspectionFindings: number;
  findingsOverdue: number;
  negativeEntries: number;
  vetoed: boolean;
  deductions: number;
  score: number;
  grade: string;
}

@ObjectType('UnitIndicators', { description: "The figures of one unit's subtree over a period. Rates are between 0 and 1, null when their denominator is 0." })
export class UnitIndicators {
  readonly __typename = 'UnitIndicators' as const;
  @Field(() => OrgUnit) unit: OrgUnit;
  @Field() from: Date;
  @Field() to: Date;
  @Field(() => Int, { description: 'Requests submitted in the period (cancelled ones included).' }) received: number;
  @Field(() => Int) cancelled: number;
  @Field(() => Int, { description: '应结案数: not cancelled, resolveDueAt in the period.' }) due: number;
  @Field(() => Int, { description: '按期结案数: of due, first resolved at or before resolveDueAt.' }) resolvedOnTime: number;
  @Field(() => Int, { description: '结案数: of due, CLOSED now.' }) closed: number;
  @Field(() => Int, { description: 'Of due, resolved at least once.' }) resolved: number;
  @Field(() => Int, { description: '返工数: of due, reopened at least once.' }) reworked: number;
  @Field(() => Int, { description: 'Of due, never resolved and past resolveDueAt now.' }) overdueUnresolved: number;
  @Field(() => Int) escalations: number;
  @Field(() => Int, { description: 'Ratings given in the period.' }) rated: number;
  @Field(() => Float, { nullable: true }) averageRating: number | null;
  @Field(() => Float, { nullable: true }) onTimeRate: number | null;
  @Field(() => Float, { nullable: true }) closureRate: number | null;
  @Field(() => Float, { nullable: true }) reworkRate: number | null;
  @Field(() => Float, { nullable: true, description: 'Share of ratings of 4 or 5.' }) satisfactionRate: number | null;
  @Field(() => Int) inspectionFindings: number;
  @Field(() => Int, { description: 'Findings whose request was not resolved by its resolveDueAt.' }) findingsOverdue: number;
  @Field(() => Int) negativeEntries: number;
  @Field({ description: 'A negative-list entry with a veto item (一票否决) in the period.' }) vetoed: boolean;
  @Field(() => Float, { description: 'Points taken off for findings and negative-list entries.' }) deductions: number;
  @Field(() => Float, { description: 'The composite score under the scheme in force (0-100, two decimals).' }) score: number;
  @Field({ description: 'A ≥ 90, B ≥ 75, C ≥ 60, D ≥ 40, E below.' }) grade: string;
  data: IndicatorsData;

  static from(data: IndicatorsData): UnitIndicators {
    const i = new UnitIndicators();
    Object.assign(i, data);
    i.data = data;
    i.from = new Date(data.from);
    i.to = new Date(data.to);
    return i;
  }
}

@ObjectType('RankedUnit')
export class RankedUnit {
  @Field(() => Int) rank: number;
  @Field(() => UnitIndicators) indicators: UnitIndicators;

  static from(rank: number, data: IndicatorsData): RankedUnit {
    const r = new RankedUnit();
    r.rank = rank;
    r.indicators = UnitIndicators.from(data);
    return r;
  }
}

@ObjectType('AssessmentScheme', { description: 'How the composite score is computed. Versioned: a published result keeps its version.' })
export class AssessmentScheme {
  @Field(() => Int) version: number;
  @Field(() => Float) onTimeWeight: number;
  @Field(() => Float) closureWeight: number;
  @Field(() => Float) reworkWeight: number;
  @Field(() => Float) satisfactionWeight: number;
  @Field(() => Float, { description: 'Points off per inspection finding.' }) findingDeduction: number;
  @Field(() => Float, { description: 'Further points off per finding whose request was not resolved in time.' }) overdueFindingDeduction: number;
  @Field() createdAt: Date;

  static from(row: SchemeRow): AssessmentScheme {
    const s = new AssessmentScheme();
    s.version = row.version;
    s.onTimeWeight = row.on_time_weight;
    s.closureWeight = row.closure_weight;
    s.reworkWeight = row.rework_weight;
    s.satisfactionWeight = row.satisfaction_weight;
    s.findingDeduction = row.finding_deduction;
    s.overdueFindingDeduction = row.overdue_finding_deduction;
    s.createdAt = row.created_at;
    return s;
  }
}

export interface ResultRow {
  id: string;
  period: string;
  unit_id: string | null;
  scheme_version: number;
  published_at: Date;
  published_by: string | null;
  ranking: { rank: number; indicators: IndicatorsData }[];
}

@ObjectType('AssessmentResult', { implements: () => [Node], description: 'A published, frozen assessment of one period for the children of one unit.' })
export class AssessmentResult implements TypedNode {
  readonly __typename = 'AssessmentResult' as const;
  @Field(() => ID) id: string;
  @Field({ description: '2026Q3 or 2026 (the year: 年总评).' }) period: string;
  @Field(() => Int) schemeVersion: number;
  @Field() publishedAt: Date;
  @Field(() => [RankedUnit]) ranking: RankedUnit[];
  row: ResultRow;

  static from(row: ResultRow): AssessmentResult {
    const r = new AssessmentResult();
    r.row = row;
    r.id = toGlobalId('AssessmentResult', row.id);
    r.period = row.period;
    r.schemeVersion = row.scheme_version;
    r.publishedAt = row.published_at;
    r.ranking = row.ranking.map((e) => Object.assign(new RankedUnit(), { rank: e.rank, indicators: UnitIndicators.from(e.indicators) }));
    return r;
  }
}

export enum FindingSeverity {
  MINOR = 'MINOR',
  MAJOR = 'MAJOR',
}
registerEnumType(FindingSeverity, { name: 'FindingSeverity' });

export interface InspectionRow {
  id: string;
  unit_id: string;
  unit_path: string;
  inspector_user_id: string | null;
  covert: boolean;
  conducted_at: Date;
  note: string | null;
}

export interface FindingRow {
  id: string;
  inspection_id: string;
  description: string;
  severity: FindingSeverity;
  location: string | null;
  request_id: string;
}

@ObjectType('Inspection', { implements: () => [Node], description: 'An inspection of a unit (暗访: covert; or an announced one).' })
export class Inspection implements TypedNode {
  readonly __typename = 'Inspection' as const;
  @Field(() => ID) id: string;
  @Field() covert: boolean;
  @Field() conductedAt: Date;
  @Field(() => String, { nullable: true }) note: string | null;
  row: InspectionRow;

  static from(row: InspectionRow): Inspection {
    const i = new Inspection();
    i.row = row;
    i.id = toGlobalId('Inspection', row.id);
    i.covert = row.covert;
    i.conductedAt = row.conducted_at;
    i.note = row.note;
    return i;
  }
}

@ObjectType('InspectionFinding')
export class InspectionFinding {
  @Field(() => ID) id: string;
  @Field() description: string;
  @Field(() => FindingSeverity) severity: FindingSeverity;
  @Field(() => GeoPoint, { nullable: true }) location: GeoPoint | null;
  row: FindingRow;

  static from(row: FindingRow): InspectionFinding {
    const f = new InspectionFinding();
    f.row = row;
    f.id = Buffer.from(`InspectionFinding:${row.id}`, 'utf8').toString('base64url');
    f.description = row.description;
    f.severity = row.severity;
    const m = row.location ? /^\(([^,]+),([^)]+)\)$/.exec(row.location) : null;
    f.location = m ? { lng: Number(m[1]), lat: Number(m[2]) } : null;
    return f;
  }
}

export const InspectionConnection = ConnectionType(Inspection, 'Inspection');

export enum NoticeStatus {
  OPEN = 'OPEN',
  RESPONDED = 'RESPONDED',
  CLOSED = 'CLOSED',
}
registerEnumType(NoticeStatus, {
  name: 'NoticeStatus',
  valuesMap: {
    OPEN: { description: "Issued; waiting for every notified unit's response." },
    RESPONDED: { description: 'Every notified unit has responded.' },
  },
});

export interface NoticeRow {
  id: string;
  number: string;
  title: string;
  body: string;
  issued_by: string | null;
  issued_at: Date;
  rectify_by: Date;
  closed_at: Date | null;
  status: NoticeStatus;
  unit_ids: string[];
  unit_paths: string[];
  request_ids: string[];
  responses: { unit_id: string; report: string; responded_by: string | null; responded_at: string; late: boolean }[];
}

@ObjectType('NoticeResponse')
export class NoticeResponse {
  @Field() report: string;
  @Field() respondedAt: Date;
  @Field({ description: 'Responded after rectifyBy.' }) late: boolean;
  unitId: string;
  respondedBy: string | null;
}

@ObjectType('ProblemNotice', { implements: () => [Node], description: 'A problem notice (问题通报) sent to units, with a rectification deadline.' })
export class ProblemNotice implements TypedNode {
  readonly __typename = 'ProblemNotice' as const;
  @Field(() => ID) id: string;
  @Field({ description: 'Unique, e.g. TB-2026-0007.' }) number: string;
  @Field() title: string;
  @Field() body: string;
  @Field() issuedAt: Date;
  @Field() rectifyBy: Date;
  @Field(() => NoticeStatus) status: NoticeStatus;
  @Field(() => [NoticeResponse]) responses: NoticeResponse[];
  row: NoticeRow;

  static from(row: NoticeRow): ProblemNotice {
    const n = new ProblemNotice();
    n.row = row;
    n.id = toGlobalId('ProblemNotice', row.id);
    n.number = row.number;
    n.title = row.title;
    n.body = row.body;
    n.issuedAt = row.issued_at;
    n.rectifyBy = row.rectify_by;
    n.status = row.status;
    n.responses = row.responses.map((r) =>
      Object.assign(new NoticeResponse(), {
        report: r.report,
        respondedAt: new Date(r.responded_at),
        late: r.late,
        unitId: r.unit_id,
        respondedBy: r.responded_by,
      }),
    );
    return n;
  }
}

export const ProblemNoticeConnection = ConnectionType(ProblemNotice, 'ProblemNotice');

export interface ItemRow {
  code: string;
  description: string;
  deduction: number;
  veto: boolean;
}

@ObjectType('NegativeListItem', { description: 'An item of the negative list (负面清单): a failing that costs points, or vetoes the ranking.' })
export class NegativeListItem {
  @Field() code: string;
  @Field() description: string;
  @Field(() => Float) deduction: number;
  @Field({ description: '一票否决: a unit with such an entry is ranked last in the period.' }) veto: boolean;

  static from(row: ItemRow): NegativeListItem {
    return Object.assign(new NegativeListItem(), { code: row.code, description: row.description, deduction: row.deduction, veto: row.veto });
  }
}

export interface EntryRow {
  id: string;
  unit_id: string;
  unit_path: string;
  item_code: string;
  item_description: string;
  item_deduction: number;
  item_veto: boolean;
  occurred_at: Date;
  note: string;
  recorded_by: string | null;
  revoked: boolean;
  revoked_reason: string | null;
}

@ObjectType('NegativeListEntry', { implements: () => [Node] })
export class NegativeListEntry implements TypedNode {
  readonly __typename = 'NegativeListEntry' as const;
  @Field(() => ID) id: string;
  @Field(() => NegativeListItem) item: NegativeListItem;
  @Field() occurredAt: Date;
  @Field() note: string;
  @Field() revoked: boolean;
  @Field(() => String, { nullable: true }) revokedReason: string | null;
  row: EntryRow;

  static from(row: EntryRow): NegativeListEntry {
    const e = new NegativeListEntry();
    e.row = row;
    e.id = toGlobalId('NegativeListEntry', row.id);
    e.item = NegativeListItem.from({ code: row.item_code, description: row.item_description, deduction: row.item_deduction, veto: row.item_veto });
    e.occurredAt = row.occurred_at;
    e.note = row.note;
    e.revoked = row.revoked;
    e.revokedReason = row.revoked_reason;
    return e;
  }
}

export const NegativeListEntryConnection = ConnectionType(NegativeListEntry, 'NegativeListEntry');

