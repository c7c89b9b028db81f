/// <reference lib="dom" />
import 'reflect-metadata';
import { existsSync, mkdirSync } from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../support/fixtures.js';
import {
  browserTestsEnabled,
  launchChromium,
  localContext,
  seriousAxeViolations,
  pickOption,
  signInThroughConsole,
  type LocalContext,
} from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/**
 * The console's assessment pages in Chromium against the real server (demo street seeded,
 * with its four quarters of imported history): the ranking of a scope as table and chart,
 * an inspector's inspection with a finding placed on the map, a notice and a negative-list
 * entry, the secretary's response, an admin publishing a quarter and reading it, and the
 * city admin's scheme and negative-list items. Every page is checked for requests leaving
 * the machine, console errors or CSP violations, and serious axe-core violations.
 */
const enabled = browserTestsEnabled('test/browser/assessment.test.ts');
const SHOTS = 'test-artifacts/screenshots';
const PASSWORD = 'assessment-password-1';
const STEP = 90_000;

let server: TestServer;
let browser: Browser;
const contexts: LocalContext[] = [];
const found: string[] = [];

const button = (scope: Page | Locator, label: string) =>
  scope.getByRole('button', { name: new RegExp(`(^|\\s)${[...label].join('\\s?')}\\s*$`) });

async function newPage(): Promise<{ page: Page; ctx: LocalContext }> {
  const ctx = await localContext(browser, { viewport: { width: 1280, height: 860 } });
  contexts.push(ctx);
  return { page: await ctx.context.newPage(), ctx };
}

async function settled(page: Page, marker: string): Promise<void> {
  await page.locator('main').getByText(marker).first().waitFor({ timeout: STEP });
  await page.waitForLoadState('networkidle');
  await expect.poll(() => page.locator('.ant-spin-spinning').count(), { timeout: STEP }).toBe(0);
}

/** A screenshot, and the page's serious axe-core violations noted for the last test. */
async function check(page: Page, who: string, name: string): Promise<void> {
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${SHOTS}/${name}.png` });
  for (const v of await seriousAxeViolations(page)) found.push(`${who} ${name}: ${v.impact} ${v.id} (${v.help}) at ${v.targets.join(', ')}`);
}

const idOf = async (code: string) => (await server.gql<{ orgUnit: { id: string } }>(`query($c: String!) { orgUnit(code: $c) { id } }`, { c: code })).body.data!.orgUnit.id;

describe.skipIf(!enabled)('the assessment pages in Chromium', () => {
  beforeAll(async () => {
    if (!existsSync('dist-console/index.html')) throw new Error('dist-console/ is missing: npm test builds it (node console/build.mjs)');
    mkdirSync(SHOTS, { recursive: true });
    server = await startTestServer({ SEED_DEMO: 'true' });
    browser = await launchChromium();
    await createAccount(server, { username: 'insp-bl', role: 'INSPECTOR', scopeUnitId: await idOf('BL') }, PASSWORD);
    await createAccount(server, { username: 'sec-yz1', role: 'SECRETARY', scopeUnitId: await idOf('BL-01-01') }, PASSWORD);
  }, 300_000);

  afterAll(async () => {
    for (const { context } of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  it('shows the inspector the ranking of their street (table and chart) and lets them drill down to a general branch', async () => {
    const { page } = await newPage();
    await signInThroughConsole(page, server.url, 'insp-bl', PASSWORD);
    // An inspector's home is the ranking of their scope.
    await page.waitForURL('**/assessment/ranking', { timeout: STEP });
    await settled(page, '灞陵街道党委 的指标');
    const table = page.getByTestId('ranking-table');
    await table.locator('tr', { hasText: '延中社区' }).first().waitFor({ timeout: STEP });
    expect(await table.locator('tbody tr.ant-table-row').count()).toBe(4);
    expect(await table.locator('[data-grade]').count()).toBe(4);
    await page.getByTestId('ranking-chart').locator('canvas').waitFor({ timeout: STEP });
    await check(page, 'inspector', 'assessment-ranking');

    // The server's own ranking of the same quarter, in the same order.
    const api = await server.gql<{ assessmentRanking: { rank: number; indicators: { unit: { name: string }; score: number } }[] }>(
      `query($u: ID, $f: DateTime!, $t: DateTime!) { assessmentRanking(unitId: $u, from: $f, to: $t) { rank indicators { unit { name } score } } }`,
      { u: await idOf('BL'), f: quarterBefore(new Date()).f, t: quarterBefore(new Date()).t },
    );
    const names = (await table.locator('tbody tr.ant-table-row td:nth-child(2)').allTextContents()).map((s) => s.trim());
    expect(names).toEqual(api.body.data!.assessmentRanking.map((r) => r.indicators.unit.name));
    const scores = (await table.locator('tbody tr.ant-table-row td:nth-child(3)').allTextContents()).map(Number);
    expect(scores).toEqual(api.body.data!.assessmentRanking.map((r) => r.indicators.score));

    // Drill down: the general branch's branches.
    await table.getByRole('button', { name: /延中社区/ }).click();
    await settled(page, '的指标');
    await table.locator('tr', { hasText: '延中社区第一网格党支部' }).first().waitFor({ timeout: STEP });
    expect(await table.locator('tbody tr.ant-table-row').count()).toBe(3);
  }, 600_000);

  it('lets the inspector record an inspection with a finding placed on the map, issue a notice and record a negative-list entry', async () => {
    const { page } = await newPage();
    await signInThroughConsole(page, server.url, 'insp-bl', PASSWORD);

    // -- an inspection of the first branch, its finding placed in a courtyard on the map
    await page.goto(`${server.url}/assessment/inspections`);
    await settled(page, '暗访督导');
    await button(page, '记录督导').click();
    const form = page.getByTestId('record-inspection');
    await pickOption(page, form.getByLabel('督导单位'), '延中社区第一网格党支部', { typed: '第一网格党支部' });
    await form.getByLabel('暗访', { exact: true }).click(); // announced: the branch's secretary sees it at once
    await form.getByLabel('描述').fill('2号院楼道堆放纸箱，堵塞通道');
    await pickOption(page, form.getByLabel('类别'), '环境卫生');
    await form.getByText('严重', { exact: true }).click();
    await page.locator('path.gg-shape-BL-01-01-02').click({ timeout: STEP });
    await form.getByTestId('finding-0-location').filter({ hasText: '已选位置' }).waitFor({ timeout: STEP });
    await check(page, 'inspector', 'assessment-inspection-form');
    await button(form, '提交').click();
    await form.waitFor({ state: 'detached', timeout: STEP });
    const row = page.getByTestId('inspections-table').locator('tr.ant-table-row', { hasText: '明查' }).first();
    await row.waitFor({ timeout: STEP });
    await row.locator('.ant-table-row-expand-icon').click();
    await page.getByText('2号院楼道堆放纸箱，堵塞通道').waitFor({ timeout: STEP });
    await check(page, 'inspector', 'assessment-inspections');

    const inspections = await server.gql<{
      inspections: { nodes: { covert: boolean; unit: { name: string }; findings: { severity: string; location: { lat: number } | null; request: { number: string; source: string; courtyard: { code: string } | null } }[] }[] };
    }>(`{ inspections(first: 10) { nodes { covert unit { name } findings { severity location { lat } request { number source courtyard { code } } } } } }`);
    const mine = inspections.body.data!.inspections.nodes.find((i) => !i.covert)!;
    expect(mine.unit.name).toBe('延中社区第一网格党支部');
    expect(mine.findings).toHaveLength(1);
    expect(mine.findings[0]).toMatchObject({ severity: 'MAJOR', request: { source: 'INSPECTION', courtyard: { code: 'BL-01-01-02' } } });
    expect(mine.findings[0].location).not.toBeNull();

    // -- a notice to the second courtyard
    await page.goto(`${server.url}/assessment/notices`);
    await settled(page, '问题通报');
    await button(page, '发布通报').click();
    const dialog = page.locator('.ant-modal');
    await dialog.getByLabel('标题').fill('关于2号院楼道堆物的通报');
    await dialog.getByLabel('通报内容').fill('督导发现2号院楼道堆放纸箱，请三日内清理并回复。');
    await pickOption(page, dialog.getByLabel('被通报单位'), '延中小区2号院党小组', { typed: '2号院', multiple: true });
    // It names the request the finding opened, by its number.
    await dialog.getByLabel('涉及工单').click();
    await page.keyboard.type(mine.findings[0].request.number);
    await page.keyboard.press('Enter');
    await dialog.getByLabel('标题').click();
    await button(dialog, '提交').click();
    await page.getByTestId('notices-table').locator('tr', { hasText: '关于2号院楼道堆物的通报' }).waitFor({ timeout: STEP });
    await check(page, 'inspector', 'assessment-notices-inspector');
    const issued = await server.gql<{ problemNotices: { nodes: { title: string; requests: { number: string }[] }[] } }>(`{ problemNotices(first: 10) { nodes { title requests { number } } } }`);
    expect(issued.body.data!.problemNotices.nodes.find((n) => n.title === '关于2号院楼道堆物的通报')?.requests).toEqual([{ number: mine.findings[0].request.number }]);

    // -- a negative-list entry for the same courtyard
    await page.goto(`${server.url}/assessment/negative-list`);
    await settled(page, '负面清单');
    await button(page, '记录负面清单').click();
    const entry = page.locator('.ant-modal');
    await pickOption(page, entry.getByLabel('单位'), '延中小区2号院党小组', { typed: '2号院' });
    await pickOption(page, entry.getByLabel('条目'), '消防通道长期堵塞未整改');
    await entry.getByLabel('备注').fill('楼道堆物经通报仍未清理');
    await button(entry, '提交').click();
    await page.getByTestId('entries-table').locator('tr', { hasText: '楼道堆物经通报仍未清理' }).waitFor({ timeout: STEP });
    await check(page, 'inspector', 'assessment-negative-list');

    const entries = await server.gql<{ negativeListEntries: { nodes: { note: string; unit: { code: string }; item: { code: string } }[] } }>(
      `{ negativeListEntries(first: 10) { nodes { note unit { code } item { code } } } }`,
    );
    expect(entries.body.data!.negativeListEntries.nodes).toContainEqual({ note: '楼道堆物经通报仍未清理', unit: { code: 'BL-01-01-02' }, item: { code: 'FIRE-LANE' } });
  }, 600_000);

  it("lets the noticed unit's secretary respond to the notice, and read the ranking their branch is in", async () => {
    const { page } = await newPage();
    await signInThroughConsole(page, server.url, 'sec-yz1', PASSWORD);
    await page.goto(`${server.url}/assessment/notices`);
    await settled(page, '问题通报');
    const row = page.getByTestId('notices-table').locator('tr.ant-table-row', { hasText: '关于2号院楼道堆物的通报' });
    await row.click();
    await page.getByRole('button', { name: /^回复整改情况：延中小区2号院党小组/ }).click();
    const dialog = page.locator('.ant-modal');
    await dialog.getByLabel('整改情况').fill('已清理楼道纸箱，张贴提示，安排楼长每周巡查。');
    await button(dialog, '提交').click();
    await row.filter({ hasText: '已回复' }).waitFor({ timeout: STEP });
    await page.getByText('已清理楼道纸箱，张贴提示，安排楼长每周巡查。').waitFor({ timeout: STEP });
    await check(page, 'secretary', 'assessment-notices-secretary');

    // The ranking that ranks their branch (its parent's children): theirs to read, their siblings not to open.
    await page.goto(`${server.url}/assessment/ranking`);
    await settled(page, '延中社区第一网格党支部 的指标');
    await pickOption(page, page.getByLabel('单位', { exact: true }), '本单位所在排名');
    const table = page.getByTestId('ranking-table');
    await table.locator('tr', { hasText: '延中社区第二网格党支部' }).waitFor({ timeout: STEP });
    expect(await table.locator('tbody tr.ant-table-row').count()).toBe(3);
    expect(await page.getByTestId('own-figures').count()).toBe(0);
    expect(await table.getByRole('button', { name: '延中社区第二网格党支部' }).count()).toBe(0);
    await table.getByRole('button', { name: '延中社区第一网格党支部' }).waitFor({ timeout: STEP });
    await check(page, 'secretary', 'assessment-ranking-secretary-parent');

    const notices = await server.gql<{ problemNotices: { nodes: { title: string; status: string; responses: { late: boolean; unit: { name: string } }[] }[] } }>(
      `{ problemNotices(first: 10) { nodes { title status responses { late unit { name } } } } }`,
    );
    expect(notices.body.data!.problemNotices.nodes.find((n) => n.title === '关于2号院楼道堆物的通报')).toEqual({
      title: '关于2号院楼道堆物的通报',
      status: 'RESPONDED',
      responses: [{ late: false, unit: { name: expect.stringMatching(/^延中小区2号院党小组/) } }],
    });
  }, 600_000);

  it('lets the city admin publish the last quarter city-wide and read the published result, then edit the scheme and a negative-list item, revoke an entry and close an answered notice', async () => {
    const { page } = await newPage();
    await signInThroughConsole(page, server.url, 'admin', 'admin-password-1');

    // -- publish: the city-wide ranking of streets for the quarter just over
    await page.goto(`${server.url}/assessment/results`);
    await settled(page, '尚未发布');
    await button(page, '发布考核结果').click();
    await page.locator('.ant-popover').getByRole('button', { name: /发布考核结果/ }).click();
    await page.getByTestId('result-meta').waitFor({ timeout: STEP });
    await page.getByTestId('ranking-table').locator('tr', { hasText: '灞陵街道党委' }).waitFor({ timeout: STEP });
    await check(page, 'admin', 'assessment-results');
    const period = quarterBefore(new Date()).period;
    const result = await server.gql<{ assessmentResult: { schemeVersion: number; ranking: { rank: number; indicators: { unit: { code: string } } }[] } | null }>(
      `query($p: String!) { assessmentResult(period: $p) { schemeVersion ranking { rank indicators { unit { code } } } } }`,
      { p: period },
    );
    expect(result.body.data!.assessmentResult).toMatchObject({ schemeVersion: 1, ranking: [{ rank: 1, indicators: { unit: { code: 'BL' } } }] });

    // -- the scheme: a new version with other weights
    await page.goto(`${server.url}/assessment/scheme`);
    await settled(page, '评分方案');
    await page.getByTestId('scheme-current').getByText('v1').waitFor({ timeout: STEP });
    await page.getByLabel('按期结案率权重').fill('0.35');
    await page.getByLabel('满意率权重').fill('0.25');
    await page.getByTestId('weight-sum').filter({ hasText: '1.000' }).waitFor({ timeout: STEP });
    await button(page, '保存为新版本').click();
    await page.getByTestId('scheme-current').getByText('v2').waitFor({ timeout: STEP });
    await check(page, 'admin', 'assessment-scheme');
    const scheme = await server.gql<{ assessmentScheme: { version: number; onTimeWeight: number; satisfactionWeight: number } }>(
      `{ assessmentScheme { version onTimeWeight satisfactionWeight } }`,
    );
    expect(scheme.body.data!.assessmentScheme).toEqual({ version: 2, onTimeWeight: 0.35, satisfactionWeight: 0.25 });

    // -- a negative-list item: a higher deduction
    await page.goto(`${server.url}/assessment/negative-list`);
    await settled(page, '负面清单');
    await page.getByRole('tab', { name: '清单条目' }).click();
    await page.getByTestId('items-table').locator('tr', { hasText: 'FIRE-LANE' }).getByRole('button').click();
    const dialog = page.locator('.ant-modal');
    await dialog.getByLabel('扣分').fill('6');
    await button(dialog, '保存').click();
    await page.getByTestId('items-table').locator('tr', { hasText: 'FIRE-LANE' }).filter({ hasText: '6' }).waitFor({ timeout: STEP });
    await check(page, 'admin', 'assessment-items');
    const items = await server.gql<{ negativeListItems: { code: string; deduction: number }[] }>(`{ negativeListItems { code deduction } }`);
    expect(items.body.data!.negativeListItems.find((i) => i.code === 'FIRE-LANE')?.deduction).toBe(6);

    // -- the inspector's entry revoked with a reason: kept, marked, out of the figures
    await page.getByRole('tab', { name: '记录' }).click();
    await page.getByTestId('entries-table').locator('tr', { hasText: '楼道堆物经通报仍未清理' }).getByRole('button').click();
    const revoke = page.locator('.ant-modal');
    await revoke.getByLabel('原因').fill('复核：通报期限未到，记录过早');
    await button(revoke, '提交').click();
    await page.getByTestId('entries-table').locator('tr', { hasText: '楼道堆物经通报仍未清理' }).waitFor({ state: 'detached', timeout: STEP });
    await page.getByLabel('显示已撤销').click();
    await page.getByTestId('entries-table').locator('tr', { hasText: '楼道堆物经通报仍未清理' }).filter({ hasText: '复核：通报期限未到，记录过早' }).waitFor({ timeout: STEP });

    // -- the notice every unit answered: closed
    await page.goto(`${server.url}/assessment/notices`);
    await settled(page, '问题通报');
    const notice = page.getByTestId('notices-table').locator('tr.ant-table-row', { hasText: '关于2号院楼道堆物的通报' });
    await notice.click();
    await button(page, '关闭通报').click();
    await page.locator('.ant-popover').getByRole('button', { name: /关\s?闭/ }).click();
    await notice.filter({ hasText: '已关闭' }).waitFor({ timeout: STEP });

    // The published result did not move with the new scheme.
    const again = await server.gql<{ assessmentResult: { schemeVersion: number } }>(`query($p: String!) { assessmentResult(period: $p) { schemeVersion } }`, { p: period });
    expect(again.body.data!.assessmentResult.schemeVersion).toBe(1);
  }, 600_000);

  it('serves every assessment page from this machine only, with no console error and no serious axe violation, in Chinese and in English', async () => {
    const pages: [string, string][] = [
      ['/assessment/ranking', '考核排名'],
      ['/assessment/results', '考核结果'],
      ['/assessment/inspections', '暗访督导'],
      ['/assessment/notices', '问题通报'],
      ['/assessment/negative-list', '负面清单'],
      ['/assessment/scheme', '评分方案'],
    ];
    for (const [who, username, password] of [
      ['admin', 'admin', 'admin-password-1'],
      ['inspector', 'insp-bl', PASSWORD],
      ['secretary', 'sec-yz1', PASSWORD],
    ] as const) {
      const { page } = await newPage();
      await signInThroughConsole(page, server.url, username, password);
      for (const [path, marker] of pages) {
        await page.goto(`${server.url}${path}`);
        await settled(page, marker);
        await check(page, who, `${who}-${path.slice(1).replace(/\//g, '-')}`);
      }
    }
    // A secretary's menu has the pages; a responder would not (the API refuses them).
    const { page } = await newPage();
    await signInThroughConsole(page, server.url, 'insp-bl', PASSWORD);
    await page.goto(`${server.url}/assessment/ranking`);
    await settled(page, '的指标');
    await button(page, 'English').click();
    await page.getByText('Assessment ranking').first().waitFor({ timeout: STEP });
    await page.getByTestId('ranking-table').getByRole('columnheader', { name: 'On time' }).waitFor({ timeout: STEP });
    await check(page, 'inspector', 'assessment-ranking-english');
    for (const ctx of contexts) {
      expect(ctx.offHost).toEqual([]);
      expect(ctx.problems).toEqual([]);
    }
    expect(found).toEqual([]);
  }, 900_000);
});

/** The quarter before the one `now` lies in (Asia/Shanghai), as the pages default to it. */
function quarterBefore(now: Date): { period: string; f: string; t: string } {
  const local = new Date(now.getTime() + 8 * 3_600_000);
  let year = local.getUTCFullYear();
  let quarter = Math.floor(local.getUTCMonth() / 3);
  if (quarter === 0) {
    quarter = 4;
    year -= 1;
  }
  const month = (quarter - 1) * 3;
  const at = (y: number, m: number) => new Date(`${y + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}-01T00:00:00+08:00`).toISOString();
  return { period: `${year}Q${quarter}`, f: at(year, month), t: at(year, month + 3) };
}
