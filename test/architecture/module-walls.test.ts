import { createRequire } from 'node:module';
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
