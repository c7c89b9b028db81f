import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, sep } from 'node:path';
import { cruise, type ICruiseOptions, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { describe, expect, it } from 'vitest';

/*
 * The walls between modules (README, "Layout"), checked with dependency-cruiser on the
 * sources: the rules are in .dependency-cruiser.cjs (also for `npx depcruise src`).
 */
const require = createRequire(import.meta.url);
const config = require('../../.dependency-cruiser.cjs') as { forbidden: NonNullable<ICruiseOptions['ruleSet']>['forbidden']; options: ICruiseOptions };
const tsConfig = extractTSConfig('tsconfig.json');

async function cruiseSources(options: ICruiseOptions): Promise<ICruiseResult> {
  const { output } = await cruise(['src'], { ...config.options, validate: true, ...options }, undefined, { tsConfig });
  return output as ICruiseResult;
}

const describeViolation = (v: IViolation) =>
  `${v.rule.name}: ${v.from} → ${v.to}${v.cycle?.length ? ` (cycle: ${v.cycle.map((c) => c.name).join(' → ')})` : ''}`;

describe('module walls', () => {
  it('hold: modules meet only at index.ts, common/ imports no module, no module imports open311, no index.ts hands out a repository, no cycle of files', async () => {
    const result = await cruiseSources({ ruleSet: { forbidden: config.forbidden } });
    expect(result.summary.totalCruised).toBeGreaterThan(50);
    expect(result.summary.violations.map(describeViolation)).toEqual([]);
  }, 120_000);

  it('leave no cycle between modules, type-only imports included (the graph collapsed to one node per module)', async () => {
    const result = await cruiseSources({
      collapse: '^src/modules/[^/]+/',
      ruleSet: { forbidden: [{ name: 'no-module-cycles', severity: 'error', from: { path: '^src/modules/' }, to: { circular: true } }] },
    });
    const modules = result.modules.filter((m) => /^src\/modules\/[^/]+\/$/.test(m.source)).map((m) => m.source);
    expect(modules).toEqual(expect.arrayContaining(['src/modules/org/', 'src/modules/people/', 'src/modules/requests/', 'src/modules/auth/']));
    expect(result.summary.violations.map(describeViolation)).toEqual([]);
  }, 120_000);
});

/*
 * org owns the table org_unit: other modules name it (and its columns) in their SQL only
 * through orgUnitSql (src/modules/org/org.sql.ts), so a change to the table shows up in one
 * place. dependency-cruiser sees imports, not SQL text: this scans the sources for it.
 */
const ORG_UNIT_AS_TABLE =
  /\b(?:FROM|JOIN|UPDATE|INTO|TRUNCATE(?:\s+TABLE)?)\s+(?:ONLY\s+)?(?:"?public"?\s*\.\s*)?"?org_unit"?(?![\w$])/gi;

function orgUnitAsTable(text: string): string[] {
  return [...text.matchAll(ORG_UNIT_AS_TABLE)].map((m) => `${text.slice(0, m.index).split('\n').length}: ${m[0].replace(/\s+/g, ' ')}`);
}

function tsFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name));
}

describe('org_unit in SQL', () => {
  it('is recognised as a table name (and a column alias or orgUnitSql is not)', () => {
    for (const sql of ['FROM org_unit u', 'from org_unit WHERE', 'JOIN org_unit iu ON', 'JOIN\n   org_unit', 'UPDATE org_unit SET', 'INSERT INTO org_unit (', 'DELETE FROM ONLY public.org_unit', 'JOIN "org_unit" u', 'FROM org_unit)']) {
      expect(orgUnitAsTable(sql), sql).toHaveLength(1);
    }
    for (const sql of ['FROM ${unit.table(\'u\')}', 'SELECT ou.path::text AS org_unit_path FROM x', 'a unit read joined to org_unit would', 'FROM org_units', 'FROM org_unit_closure']) {
      expect(orgUnitAsTable(sql), sql).toEqual([]);
    }
  });

  it('is named as a table only in src/modules/org: other modules go through orgUnitSql', () => {
    const modules = join('src', 'modules');
    const files = tsFilesUnder(modules).filter((f) => relative(modules, f).split(sep)[0] !== 'org');
    expect(files.length).toBeGreaterThan(50);
    const found = files.flatMap((f) => orgUnitAsTable(readFileSync(f, 'utf8')).map((hit) => `${f.split(sep).join('/')}:${hit}`));
    expect(found).toEqual([]);
  });
});
