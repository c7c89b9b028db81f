import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/auth/actor.js';
import { Policy } from '../../common/auth/policy.js';
import { Role } from '../../common/auth/role.js';
import { badInput, conflict, notFound } from '../../common/errors/domain-error.js';
import { dbIdOf, toGlobalId } from '../../common/graphql/global-id.js';
import type { RequestLoaders } from '../../common/loaders/request-loaders.js';
import { SharedRuns } from '../../common/shared-runs.js';
import { AppConfig } from '../../config/app-config.js';
import { Transactions } from '../../database/transactions.js';
import { AssessmentResult, AssessmentScheme, RankedUnit, UnitIndicators, type IndicatorsData, type SchemeRow } from './assessment.model.js';
import { AssessmentRepository, type UnitRef } from './assessment.repository.js';
import { AuditService } from './deps.js';
import type { PublishAssessmentInput, SetAssessmentSchemeInput } from './dtos/assessment.inputs.js';
import { indicatorsOf, parsePeriod, rank, withGrade, type Period } from './scoring.js';

type Ranked = { rank: number; indicators: IndicatorsData };

/**
 * Figures, rankings, the scheme and published results (README "Assessment"). Figures come
 * from one set-based statement per batch of units (AssessmentRepository.indicatorCounts);
 * rates, score, grade and ranks from scoring.ts.
 */
@Injectable()
export class AssessmentService {
  constructor(
    private readonly repo: AssessmentRepository,
    private readonly policy: Policy,
    private readonly tx: Transactions,
    private readonly audit: AuditService,
    config: AppConfig,
  ) {
    this.sharedRankings = new SharedRuns(config.SHARE_IDENTICAL_READS);
  }

  /**
   * At a quarter's end many open the same ranking at once: identical ones share a run, and
   * its answer objects too (read-only; `unit` is still read per request). A copy per caller
   * of a street's 640 courtyards lived until that caller's answer was written: with 16 at
   * once (bench A1c) the live heap peaked at 91 MB, 74 MB shared, and V8 lets the heap grow
   * to 4 times the live heap before it collects (bench/README.md, B6).
   */
  private readonly sharedRankings: SharedRuns<RankedUnit[]>;

  /**
   * For STREET_ADMIN and SECRETARY: covert inspections of their unit, inside it or above it
   * do not count until revealed. Everyone else sees all.
   */
  concealFrom(actor: Actor): string | null {
    return actor.role === Role.STREET_ADMIN || actor.role === Role.SECRETARY ? actor.scopePath : null;
  }

  // ---- indicators ------------------------------------------------------------------------

  /** OrgUnit.indicators: null outside the caller's scope; batched per (from, to) across the units of a query. */
  async indicatorsOf(loaders: RequestLoaders, actor: Actor, unit: { dbId: string; path: string; code: string }, from: Date, to: Date): Promise<UnitIndicators | null> {
    this.policy.assessmentScope(actor);
    if (!this.policy.readsAssessmentOf(actor, unit.path)) return null;
    if (!(from < to)) throw badInput('to', 'to must be later than from');
    const loader = loaders.get<string, IndicatorsData>(`assessment.indicators:${from.toISOString()}:${to.toISOString()}`, async (ids) => {
      const scheme = await this.repo.currentScheme();
      const counts = await this.repo.indicatorCounts(ids, from, to, this.concealFrom(actor));
      const units = new Map((await this.repo.unitsByIds(ids)).map((u) => [u.id, u]));
      const byId = new Map(counts.map((c) => [c.unitId, withGrade(indicatorsOf(c, units.get(c.unitId)!.code, from, to, scheme))]));
      return ids.map((id) => byId.get(id)!);
    });
    return UnitIndicators.from(await loader.load(unit.dbId));
  }

  private async compute(units: UnitRef[], from: Date, to: Date, scheme: SchemeRow, concealFrom: string | null): Promise<IndicatorsData[]> {
    if (units.length === 0) return [];
    const counts = await this.repo.indicatorCounts(
      units.map((u) => u.id),
      from,
      to,
      concealFrom,
    );
    const code = new Map(units.map((u) => [u.id, u.code]));
    return counts.map((c) => withGrade(indicatorsOf(c, code.get(c.unitId)!, from, to, scheme)));
  }

  // ---- ranking ---------------------------------------------------------------------------

  /** The parent of a ranking as the caller may read it (null: city-wide), checked. */
  private async rankingParent(actor: Actor, unitId: string | null | undefined): Promise<UnitRef | null> {
    if (!unitId) {
      this.policy.assertMayReadCityRanking(actor);
      return null;
    }
    this.policy.assessmentScope(actor);
    const dbId = dbIdOf(unitId, 'OrgUnit');
    const [unit] = dbId ? await this.repo.unitsByIds([dbId]) : [];
    if (!unit) throw notFound('Org unit');
    this.policy.assertMayReadRankingOf(actor, unit.path);
    return unit;
  }

  async ranking(actor: Actor, args: { unitId?: string | null; from: Date; to: Date; level?: string | null }): Promise<RankedUnit[]> {
    if (!(args.from < args.to)) throw badInput('to', 'to must be later than from');
    const parent = await this.rankingParent(actor, args.unitId);
    const concealFrom = this.concealFrom(actor);
    // Authorised per caller above; the run depends on nothing but this key.
    const key = JSON.stringify([parent?.id ?? null, parent?.path ?? null, args.level ?? null, args.from.toISOString(), args.to.toISOString(), concealFrom]);
    return this.sharedRankings.run(key, async () => {
      const units = await this.repo.rankedUnits(parent?.path ?? null, args.level ?? null, parent?.id ?? null);
      const scheme = await this.repo.currentScheme();
      return rank(await this.compute(units, args.from, args.to, scheme, concealFrom)).map((r) => RankedUnit.from(r.rank, r.indicators));
    });
  }

  // ---- scheme ----------------------------------------------------------------------------

  async scheme(actor: Actor): Promise<AssessmentScheme> {
    this.policy.assessmentScope(actor);
    return AssessmentScheme.from(await this.repo.currentScheme());
  }

  async setScheme(actor: Actor, input: SetAssessmentSchemeInput): Promise<AssessmentScheme> {
    this.policy.assertCityAdmin(actor, 'sets the assessment scheme');
    const sum = input.onTimeWeight + input.closureWeight + input.reworkWeight + input.satisfactionWeight;
    if (Math.abs(sum - 1) > 0.001) throw badInput('onTimeWeight', `The four weights must sum to 1 (they sum to ${sum})`);
    return this.tx.run(async (tx) => {
      const row = await this.repo.insertScheme(
        {
          on_time_weight: input.onTimeWeight,
          closure_weight: input.closureWeight,
          rework_weight: input.reworkWeight,
          satisfaction_weight: input.satisfactionWeight,
          finding_deduction: input.findingDeduction,
          overdue_finding_deduction: input.overdueFindingDeduction,
        },
        actor.userId,
        tx,
      );
      await this.audit.record({ action: 'ASSESSMENT_SCHEME_SET', actor, targetType: 'AssessmentScheme', targetId: String(row.version), summary: { ...input } }, tx);
      return AssessmentScheme.from(row);
    });
  }

  // ---- results ---------------------------------------------------------------------------

  private period(text: string, field: string): Period {
    const period = parsePeriod(text);
    if (!period) throw badInput(field, 'A period is a quarter (2026Q3) or a year (2026)');
    return period;
  }

  async result(actor: Actor, periodText: string, unitId: string | null | undefined): Promise<AssessmentResult | null> {
    const period = this.period(periodText, 'period');
    const parent = await this.rankingParent(actor, unitId);
    const row = await this.repo.result(period.label, parent?.id ?? null);
    return row ? AssessmentResult.from(row) : null;
  }

  async resultByDbId(actor: Actor, dbId: string): Promise<AssessmentResult | null> {
    const row = await this.repo.resultById(dbId);
    if (!row) return null;
    try {
      if (row.unit_id) await this.rankingParent(actor, toGlobalId('OrgUnit', row.unit_id));
      else this.policy.assertMayReadCityRanking(actor);
    } catch {
      return null;
    }
    return AssessmentResult.from(row);
  }

  /**
   * Freezes the ranking of the unit's children (city-wide: the street committees) for a
   * period that is over, with the scheme in force, computed with nothing concealed. A year
   * needs its four quarters published for the same unit: each unit's score is the mean of
   * its quarterly scores, vetoed if vetoed in any quarter, its figures those of the year.
   */
  async publish(actor: Actor, input: PublishAssessmentInput): Promise<AssessmentResult> {
    const period = this.period(input.period, 'period');
    let parent: UnitRef | null = null;
    if (input.unitId) {
      const dbId = dbIdOf(input.unitId, 'OrgUnit');
      [parent] = dbId ? await this.repo.unitsByIds([dbId]) : [];
      if (!parent) {
        this.policy.assertMayPublishUnits(actor);
        throw notFound('Org unit');
      }
    }
    this.policy.assertMayPublish(actor, parent?.path ?? null);
    if (period.to.getTime() > Date.now()) throw conflict(`${period.label} is not over yet`);

    return this.tx.run(async (tx) => {
      // One publication of a period and unit at a time; the unique index is the last word.
      await this.repo.lockPublication(period.label, parent?.id ?? null, tx);
      if (await this.repo.result(period.label, parent?.id ?? null, tx)) throw conflict(`${period.label} is published already`);
      let ranking: Ranked[];
      let schemeVersion: number;
      if (period.quarter) {
        const scheme = await this.repo.currentScheme(tx);
        const units = await this.repo.rankedUnits(parent?.path ?? null, null, parent?.id ?? null);
        ranking = rank(await this.compute(units, period.from, period.to, scheme, null));
        schemeVersion = scheme.version;
      } else {
        const quarters = [];
        for (let q = 1; q <= 4; q++) {
          const row = await this.repo.result(`${period.year}Q${q}`, parent?.id ?? null, tx);
          if (!row) throw conflict(`${period.year}Q${q} must be published before the year`);
          quarters.push(row);
        }
        schemeVersion = quarters[3].scheme_version;
        const scheme = (await this.repo.schemeByVersion(schemeVersion, tx))!;
        const quarterly = new Map<string, IndicatorsData[]>();
        for (const q of quarters) for (const e of q.ranking) quarterly.set(e.indicators.unitId, [...(quarterly.get(e.indicators.unitId) ?? []), e.indicators]);
        const units = await this.repo.unitsByIds([...quarterly.keys()], tx);
        const year = await this.compute(units, period.from, period.to, scheme, null);
        ranking = rank(
          year.map((y) => {
            const qs = quarterly.get(y.unitId)!;
            const mean = qs.reduce((s, q) => s + q.score, 0) / qs.length;
            return withGrade({ ...y, score: Math.round(mean * 100) / 100, vetoed: y.vetoed || qs.some((q) => q.vetoed) });
          }),
        );
      }
      const id = await this.repo.insertResult(
        { period: period.label, from: period.from, to: period.to, unitId: parent?.id ?? null, schemeVersion, by: actor.userId, ranking },
        tx,
      );
      if (!id) throw conflict(`${period.label} is published already`);
      await this.audit.record(
        {
          action: 'ASSESSMENT_PUBLISHED',
          actor,
          targetType: 'AssessmentResult',
          targetId: id,
          unitPath: parent?.path ?? null,
          summary: { period: period.label, unitId: parent?.id ?? null, schemeVersion, units: ranking.length },
        },
        tx,
      );
      return AssessmentResult.from((await this.repo.result(period.label, parent?.id ?? null, tx))!);
    });
  }
}
