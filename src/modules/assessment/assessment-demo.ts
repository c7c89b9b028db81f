import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../../common/auth/actor.js';
import { Role } from '../../common/auth/role.js';
import { toGlobalId } from '../../common/graphql/global-id.js';
import { queryRows } from '../../database/queries.js';
import { orgUnitSql, RequestImporter, type ImportCase } from './deps.js';
import { FindingSeverity } from './assessment.model.js';
import { quarterOf, parsePeriod } from './scoring.js';
import { SupervisionService } from './supervision.service.js';

const DAY = 86_400_000;
const CATEGORIES = ['ROAD', 'STREET_LIGHT', 'WATER_DRAIN', 'SANITATION', 'SECURITY', 'FACILITY', 'GREENERY', 'NEIGHBOUR_DISPUTE', 'ELDERLY_CARE', 'OTHER'];
const DESCRIPTIONS = ['路面坑洼', '路灯不亮', '下水道堵塞', '垃圾清运不及时', '楼道堆放杂物', '健身器材损坏', '绿化带缺苗', '邻里噪音纠纷', '独居老人探访', '其他事项'];

/** A small deterministic generator, so that every demo database tells the same story. */
function generator(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * The demo street's assessment story, loaded once with the demo tree: a few hundred
 * imported cases over the last four quarters (so rankings and results are not empty), one
 * inspection with findings, a problem notice, and a negative-list item with an entry. Runs
 * through the modules' own services as the bootstrap admin.
 */
@Injectable()
export class AssessmentDemo {
  constructor(
    private readonly db: DataSource,
    private readonly importer: RequestImporter,
    private readonly supervision: SupervisionService,
  ) {}

  async seed(streetCode = 'BL', cases = 320): Promise<void> {
    const [admin] = await queryRows<{ id: string }>(this.db, `SELECT id::text AS id FROM app_user WHERE role = 'CITY_ADMIN' ORDER BY id LIMIT 1`);
    const units = await queryRows<{ id: string; code: string; level: string }>(
      this.db,
      `SELECT ${orgUnitSql.id('u')}::text AS id, ${orgUnitSql.code('u')}, ${orgUnitSql.level('u')}::text AS level FROM ${orgUnitSql.table('u')} JOIN ${orgUnitSql.table('s')} ON ${orgUnitSql.path('u')} <@ ${orgUnitSql.path('s')}
        WHERE ${orgUnitSql.code('s')} = $1 AND NOT ${orgUnitSql.archived('u')} ORDER BY ${orgUnitSql.code('u')}`,
      [streetCode],
    );
    const courtyards = units.filter((u) => u.level === 'COURTYARD_GROUP');
    const branches = units.filter((u) => u.level === 'BRANCH');
    if (!admin || courtyards.length === 0) return;
    const actor: Actor = { userId: admin.id, role: Role.CITY_ADMIN, scopeUnitId: null, scopePath: null, memberId: null, memberUnitPath: null, address: null };

    // The last four full quarters before this one.
    const current = parsePeriod(quarterOf(new Date()))!;
    const start = new Date(parsePeriod(`${current.year - 1}Q${current.quarter}`)!.from).getTime();
    const end = current.from.getTime();
    const random = generator(20_260_101);
    const history: ImportCase[] = [];
    for (let n = 0; n < cases; n++) {
      // Some courtyards do better than others, so the ranking has a shape.
      const unit = courtyards[Math.floor(random() ** 1.3 * courtyards.length)];
      const quality = 0.55 + 0.4 * (courtyards.indexOf(unit) % 5) / 4;
      const category = Math.floor(random() * 10);
      const submitted = start + random() * (end - start - 6 * DAY);
      const due = submitted + (1 + Math.floor(random() * 5)) * DAY;
      const fate = random();
      const resolved = fate < 0.93 ? submitted + (random() < quality ? random() * (due - submitted) : (due - submitted) * (1 + random())) : null;
      const cancelled = fate >= 0.97 ? submitted + random() * DAY : null;
      const closed = resolved !== null && cancelled === null && random() < 0.9 ? resolved + random() * DAY : null;
      history.push({
        externalNumber: `DEMO-${streetCode}-${String(n + 1).padStart(5, '0')}`,
        categoryCode: CATEGORIES[category],
        description: `${DESCRIPTIONS[category]}（历史件）`,
        unit: { code: unit.code },
        submittedAt: new Date(submitted),
        resolveDueAt: new Date(due),
        resolvedAt: cancelled === null && resolved !== null ? new Date(resolved) : null,
        closedAt: closed === null ? null : new Date(closed),
        cancelledAt: cancelled === null ? null : new Date(Math.max(cancelled, resolved ?? 0)),
        reworkCount: random() < 0.08 ? 1 : 0,
        escalationCount: random() < 0.1 ? 1 : 0,
        rating: closed !== null && random() < 0.8 ? Math.min(5, 1 + Math.floor(random() * 5 * quality + 1.5)) : null,
      });
    }
    await this.importer.importCases(history, { userId: admin.id, via: 'demo' });

    const branch = branches[0];
    const courtyard = courtyards.find((c) => c.code.startsWith(branch.code)) ?? courtyards[0];
    const lastQuarterDay = new Date(end - 20 * DAY);
    await this.supervision.recordInspection(actor, {
      unitId: toGlobalId('OrgUnit', branch.id),
      covert: true,
      conductedAt: lastQuarterDay,
      note: '季度暗访督导',
      findings: [
        { description: '小区门口垃圾桶满溢未清运', categoryCode: 'SANITATION', severity: FindingSeverity.MINOR, courtyardId: toGlobalId('OrgUnit', courtyard.id) },
        { description: '消防通道被电动车占用', categoryCode: 'SECURITY', severity: FindingSeverity.MAJOR },
      ],
    });
    await this.supervision.issueNotice(actor, {
      title: '关于楼道堆物问题的通报',
      body: '暗访发现部分楼道堆放杂物，影响消防安全，请限期整改并报告整改情况。',
      unitIds: [toGlobalId('OrgUnit', courtyard.id)],
      requestIds: [],
      rectifyBy: new Date(Date.now() + 14 * DAY),
    });
    await this.supervision.upsertItem(actor, { code: 'FIRE-LANE', description: '消防通道长期堵塞未整改', deduction: 5, veto: false });
    await this.supervision.recordEntry(actor, {
      unitId: toGlobalId('OrgUnit', courtyard.id),
      itemCode: 'FIRE-LANE',
      occurredAt: new Date(end - 15 * DAY),
      note: '通报后两周内未整改',
    });
  }
}
