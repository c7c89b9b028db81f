/// <reference lib="dom" />
import 'reflect-metadata';
import { existsSync, mkdirSync } from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, registerResident } from '../support/fixtures.js';
import {
  browserTestsEnabled,
  launchChromium,
  localContext,
  seriousAxeViolations,
  dialogClosed,
  pickOption,
  signInThroughConsole,
  type LocalContext,
} from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/**
 * The console's facilities, duplicates and city-admin pages in a real Chromium against the
 * real server (demo street: facilities in every courtyard, two street-light reports of the
 * same light). Each page is driven by clicking, then checked against the API, for requests
 * leaving the machine, console errors and CSP violations, and serious axe-core violations.
 * Screenshots go to test-artifacts/screenshots/ (git-ignored).
 */
const enabled = browserTestsEnabled('test/browser/facilities-admin.test.ts');
const SHOTS = 'test-artifacts/screenshots';
const PASSWORD = 'console-password-1';
const STEP = 90_000;

let server: TestServer;
let browser: Browser;
const contexts: LocalContext[] = [];
const axeFound: string[] = [];
/** The demo's two reports of the same street light: one naming the light, one by location 30 m off. */
let byLight: { id: string; number: string };
let byPlace: { id: string; number: string };
let courtyard: { id: string; name: string };

/** A button by its label; antd puts a space between two Chinese characters, and an icon adds its own name first. */
const button = (scope: Page | Locator, label: string) =>
  scope.getByRole('button', { name: new RegExp(`(^|\\s)${[...label].join('\\s?')}\\s*$`) });

async function newPage(): Promise<{ page: Page; ctx: LocalContext }> {
  const ctx = await localContext(browser, { viewport: { width: 1280, height: 800 } });
  contexts.push(ctx);
  return { page: await ctx.context.newPage(), ctx };
}

/** Nothing loading any more; then a screenshot and the axe-core check of the page as it stands. */
async function checkPage(page: Page, shot: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  await expect.poll(() => page.locator('.ant-spin-spinning').count(), { timeout: STEP }).toBe(0);
  // The "saved" toast gone, for a clean screenshot.
  await expect.poll(() => page.locator('.ant-message-notice').count(), { timeout: STEP }).toBe(0);
  await page.mouse.move(0, 0);
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${SHOTS}/${shot}.png` });
  for (const v of await seriousAxeViolations(page)) axeFound.push(`${shot}: ${v.impact} ${v.id} (${v.help}) at ${v.targets.join(', ')}`);
}

function clean(ctx: LocalContext, who: string): void {
  expect(ctx.offHost, `${who}: requests off this machine`).toEqual([]);
  expect(ctx.problems, `${who}: console errors or CSP violations`).toEqual([]);
}

describe.skipIf(!enabled)('facilities, duplicates and the city admin in Chromium', () => {
  beforeAll(async () => {
    if (!existsSync('dist-console/index.html')) throw new Error('dist-console/ is missing: npm test builds it (node console/build.mjs)');
    mkdirSync(SHOTS, { recursive: true });
    server = await startTestServer({ SEED_DEMO: 'true' });
    browser = await launchChromium();
    const units = await server.gql<{ branch: { id: string }; courtyard: { id: string; name: string } }>(
      `{ branch: orgUnit(code: "BL-01-01") { id } courtyard: orgUnit(code: "BL-01-01-01") { id name } }`,
    );
    courtyard = units.body.data!.courtyard;
    await createAccount(server, { username: 'sec-yanzhong', role: 'SECRETARY', scopeUnitId: units.body.data!.branch.id }, PASSWORD);
    const demo = await server.gql<{ serviceRequests: { nodes: { id: string; number: string; description: string; facility: { code: string } | null }[] } }>(
      `{ serviceRequests(filter: { categoryCode: "STREET_LIGHT", status: [ASSIGNED, PENDING_DISPATCH] }, first: 100) { nodes { id number description facility { code } } } }`,
    );
    const reports = demo.body.data!.serviceRequests.nodes;
    byLight = reports.find((r) => r.facility?.code === 'BL-01-01-01-SL1' && r.description.includes('晚上很黑'))!;
    byPlace = reports.find((r) => r.description.includes('走路看不清'))!;
    expect(byLight).toBeTruthy();
    expect(byPlace).toBeTruthy();
  }, 300_000);

  afterAll(async () => {
    for (const { context } of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  it("shows a branch secretary a courtyard's facilities on its map with their status, changes one, and which courtyards of the branch lack each type", async () => {
    const base = server.url;
    const { page, ctx } = await newPage();
    await signInThroughConsole(page, base, 'sec-yanzhong', PASSWORD);
    await page.getByRole('menuitem', { name: /部件设施/ }).click();
    await pickOption(page, page.getByLabel('庭院', { exact: true }), courtyard.name, { typed: '1号院' });
    const light = page.getByTestId('facility-table').locator('tr', { hasText: 'BL-01-01-01-SL2' });
    await light.waitFor({ timeout: STEP });
    // Every facility of the courtyard is a dot on its map, coloured by status.
    await expect.poll(() => page.locator('path.gg-marker').count(), { timeout: STEP }).toBeGreaterThanOrEqual(3);
    expect(await page.locator('path.gg-marker-BL-01-01-01-SL2').getAttribute('fill')).toBe('#389e0d');

    await pickOption(page, light.getByLabel('状态 BL-01-01-01-SL2'), '停用待修');
    await light.locator('[data-facility-status="OUT_OF_SERVICE"]').waitFor({ timeout: STEP });
    await expect.poll(() => page.locator('path.gg-marker-BL-01-01-01-SL2').getAttribute('fill'), { timeout: STEP }).toBe('#cf1322');
    const changed = await server.gql<{ facility: { status: string } }>(`{ facility(code: "BL-01-01-01-SL2") { status } }`);
    expect(changed.body.data!.facility.status).toBe('OUT_OF_SERVICE');
    await checkPage(page, 'facilities-map');

    // Coverage of the secretary's branch: which courtyards lack a parcel locker, as the API says.
    const expected = await server.gql<{ orgUnit: { facilityCoverage: { type: { code: string }; courtyards: number; courtyardsWithType: number; lacking: { id: string; name: string }[] }[] } }>(
      `{ orgUnit(code: "BL-01-01") { facilityCoverage { type { code } courtyards courtyardsWithType lacking { id name } } } }`,
    );
    const lockers = expected.body.data!.orgUnit.facilityCoverage.find((c) => c.type.code === 'PARCEL_LOCKER')!;
    expect(lockers.lacking.length).toBeGreaterThan(0);
    await page.getByRole('tab', { name: '覆盖情况（设施缺）' }).click();
    const lacking = page.getByTestId('lacking-PARCEL_LOCKER');
    await lacking.waitFor({ timeout: STEP });
    expect((await lacking.locator('a').allTextContents()).sort()).toEqual(lockers.lacking.map((c) => c.name).sort());
    const row = page.locator('tr', { has: lacking });
    expect(await row.locator('td').nth(1).textContent()).toBe(String(lockers.courtyards));
    expect(await row.locator('td').nth(2).textContent()).toBe(String(lockers.courtyardsWithType));
    // Nothing of another branch in the secretary's coverage.
    expect(await page.getByRole('main').last().textContent()).not.toContain('灞陵桥');
    await checkPage(page, 'facilities-coverage');

    // One click on a lacking courtyard opens its facilities: no parcel locker among them.
    await lacking.locator('a', { hasText: lockers.lacking[0].name }).click();
    await page.locator('.ant-card-head-title', { hasText: lockers.lacking[0].name }).waitFor({ timeout: STEP });
    const pane = page.getByTestId('facility-table');
    await pane.locator('tbody tr', { hasText: '路灯' }).first().waitFor({ timeout: STEP });
    expect(await pane.locator('tbody tr', { hasText: '智能快递柜' }).count()).toBe(0);
    clean(ctx, 'secretary facilities');
  }, 600_000);

  it("lets a resident see what is already reported nearby before submitting, and follow it instead", async () => {
    const base = server.url;
    await registerResident(server, 'resident-li');
    const { page, ctx } = await newPage();
    await signInThroughConsole(page, base, 'resident-li', 'resident-password-1');
    await page.goto(`${base}/report`);
    await pickOption(page, page.getByLabel('类别'), '路灯照明');
    await page.getByLabel('描述').fill('1号院路灯晚上不亮');
    await page.locator('path.gg-shape-BL-01-01-01').click({ timeout: STEP });
    const similar = page.getByTestId('similar-reports');
    await similar.getByTestId('similar-row').filter({ hasText: byLight.number }).waitFor({ timeout: STEP });
    // A resident sees numbers, statuses and distances, never the text another resident wrote.
    expect(await similar.textContent()).not.toContain('晚上很黑');
    await checkPage(page, 'report-similar');

    await button(similar.getByTestId('similar-row').filter({ hasText: byLight.number }), '关注此报事').click();
    await page.waitForURL(`**/requests/${encodeURIComponent(byLight.id)}`, { timeout: STEP });
    await page.getByRole('heading', { name: `工单 ${byLight.number}` }).waitFor({ timeout: STEP });
    const followers = page.getByTestId('request-facility');
    await followers.getByText('关注人数').waitFor({ timeout: STEP });
    await checkPage(page, 'request-followed-resident');

    const token = await server.login('resident-li', 'resident-password-1');
    const mine = await server.gql<{ serviceRequests: { nodes: { number: string; reporter: unknown }[] } }>(
      `{ serviceRequests(filter: { followedByMe: true }, first: 10) { nodes { number reporter { id } } } }`,
      {},
      token,
    );
    // Followed instead of submitted: the one request they see is the followed one, its reporter hidden.
    expect(mine.body.data!.serviceRequests.nodes).toEqual([{ number: byLight.number, reporter: null }]);
    const count = await server.gql<{ serviceRequest: { followerCount: number } }>(`query($id: ID!) { serviceRequest(id: $id) { followerCount } }`, { id: byLight.id });
    expect(count.body.data!.serviceRequest.followerCount).toBe(1);
    expect(await followers.textContent()).toContain('1');

    // Among their reports, marked as followed, with nothing for them to close or cancel.
    await page.getByRole('menuitem', { name: /我的报事/ }).click();
    const card = page.getByTestId('report-card').filter({ hasText: byLight.number });
    await card.getByTestId('followed-tag').waitFor({ timeout: STEP });
    expect(await page.getByTestId('report-card').count()).toBe(1);
    expect(await card.getByRole('button').count()).toBe(0);
    await checkPage(page, 'my-reports-followed');
    clean(ctx, 'resident');
  }, 600_000);

  it("shows a secretary a request's possible duplicates and cancels it as a duplicate with one click", async () => {
    const base = server.url;
    const { page, ctx } = await newPage();
    await signInThroughConsole(page, base, 'sec-yanzhong', PASSWORD);
    await page.goto(`${base}/requests/${encodeURIComponent(byPlace.id)}`);
    const panel = page.getByTestId('possible-duplicates');
    const candidate = panel.getByTestId('duplicate-row').filter({ hasText: byLight.number });
    await candidate.waitFor({ timeout: STEP });
    await candidate.getByText('晚上很黑').waitFor();
    await checkPage(page, 'request-duplicates');

    await candidate.getByRole('button', { name: `作为 ${byLight.number} 的重复撤销本单` }).click();
    await page.locator('.ant-tag', { hasText: '已取消' }).first().waitFor({ timeout: STEP });
    await page.locator('.ant-descriptions-item', { hasText: '重复于' }).filter({ hasText: byLight.number }).waitFor({ timeout: STEP });
    const after = await server.gql<{ serviceRequest: { status: string; duplicateOf: { number: string } } }>(
      `query($id: ID!) { serviceRequest(id: $id) { status duplicateOf { number } } }`,
      { id: byPlace.id },
    );
    expect(after.body.data!.serviceRequest).toEqual({ status: 'CANCELLED', duplicateOf: { number: byLight.number } });
    // Cancelled: no more button to cancel it again.
    expect(await panel.getByRole('button').count()).toBe(0);
    clean(ctx, 'secretary duplicates');
  }, 600_000);

  it("lets the city admin set a category's working time and radius, override a calendar day, and create an Open311 key whose secret is shown once", async () => {
    const base = server.url;
    const { page, ctx } = await newPage();
    await signInThroughConsole(page, base, 'admin', 'admin-password-1');

    // -- categories
    await page.getByRole('menuitem', { name: /类别与时限/ }).click();
    const row = page.locator('tr', { hasText: 'STREET_LIGHT' });
    await row.waitFor({ timeout: STEP });
    await button(row, '编辑').click();
    const dialog = page.locator('.ant-modal').filter({ hasText: '编辑类别' });
    await dialog.getByRole('switch').click();
    await dialog.getByLabel('重复半径（米）').fill('100');
    // What the page sends and is answered from here on, to say why if the row does not change.
    const exchanges: string[] = [];
    page.on('response', (response) => {
      if (!response.url().endsWith('/graphql')) return;
      const sent = response.request().postData() ?? '';
      const operation = /(?:query|mutation)\s+(\w+)/.exec(sent)?.[1] ?? sent.slice(0, 40);
      void response.text().then(
        (body) => exchanges.push(`${new Date().toISOString().slice(11, 23)} ${operation}: ${body.slice(0, 300)}`),
        () => exchanges.push(`${operation}: (no body)`),
      );
    });
    await button(dialog, '保存').click();
    await dialogClosed(dialog, STEP);
    const streetLight = async () =>
      (
        await server.gql<{ serviceCategories: { code: string; workingTime: boolean; duplicateRadiusMeters: number }[] }>(
          `{ serviceCategories { code workingTime duplicateRadiusMeters } }`,
        )
      ).body.data!.serviceCategories.find((c) => c.code === 'STREET_LIGHT');
    expect(await streetLight()).toEqual({ code: 'STREET_LIGHT', workingTime: true, duplicateRadiusMeters: 100 });
    try {
      await row.filter({ hasText: '100 m' }).filter({ hasText: '工作时间' }).waitFor({ timeout: STEP });
    } catch (error) {
      const shown = await row.innerText().catch(() => '(unreadable)');
      throw new Error(`saved, but the row shows: ${shown.replace(/\s+/g, ' ')}; the page's GraphQL since the save: ${exchanges.join(' | ')}`, { cause: error });
    }
    await checkPage(page, 'admin-categories');

    // -- the calendar: override the 15th of this month, then drop the override
    await page.getByRole('menuitem', { name: /工作日历/ }).click();
    const month = (await page.getByTestId('calendar-month').textContent())!.trim();
    const date = `${month}-15`;
    const day = page.locator(`button[data-date="${date}"]`);
    await day.waitFor({ timeout: STEP });
    const wasWorkday = !(await day.getAttribute('class'))!.includes('gg-calendar-off');
    await day.click();
    const dayDialog = page.locator('.ant-modal').filter({ hasText: `调整 ${date}` });
    await dayDialog.getByText(wasWorkday ? '休息日' : '工作日', { exact: true }).click();
    await dayDialog.getByLabel('备注').fill('社区活动日');
    await button(dayDialog, '保存调整').click();
    await expect.poll(() => day.getAttribute('class'), { timeout: STEP }).toContain('gg-calendar-override');
    await page.locator('tr', { hasText: date }).filter({ hasText: '社区活动日' }).waitFor({ timeout: STEP });
    const calendarQuery = `query($d: String!) { workingCalendar(from: $d, to: $d) { workday note source } }`;
    const overridden = await server.gql<{ workingCalendar: { workday: boolean; note: string; source: string }[] }>(calendarQuery, { d: date });
    expect(overridden.body.data!.workingCalendar).toEqual([{ workday: !wasWorkday, note: '社区活动日', source: 'OVERRIDE' }]);
    await checkPage(page, 'admin-calendar');
    await day.click();
    await button(dayDialog, '撤销调整').click();
    await expect.poll(() => day.getAttribute('class'), { timeout: STEP }).not.toContain('gg-calendar-override');
    const restored = await server.gql<{ workingCalendar: { workday: boolean; source: string }[] }>(calendarQuery, { d: date });
    expect(restored.body.data!.workingCalendar[0]).toMatchObject({ workday: wasWorkday });
    expect(restored.body.data!.workingCalendar[0].source).not.toBe('OVERRIDE');

    // -- an Open311 key: its secret shown once, then only its prefix
    await page.getByRole('menuitem', { name: /开放接口密钥/ }).click();
    await button(page, '新建密钥').click();
    const keyDialog = page.locator('.ant-modal').filter({ hasText: '应用名称' });
    await keyDialog.getByLabel('应用名称').fill('市民热线小程序');
    await button(keyDialog, '新建').click();
    const shown = page.getByTestId('api-key-secret');
    await shown.waitFor({ timeout: STEP });
    const secret = (await shown.locator('code').textContent())!.trim();
    expect(secret.length).toBeGreaterThan(20);
    await checkPage(page, 'admin-api-key-created');
    await button(page.locator('.ant-modal'), '我已保存，关闭').click();
    const keyRow = page.locator('tr', { hasText: '市民热线小程序' });
    await keyRow.filter({ hasText: secret.slice(0, 8) }).waitFor({ timeout: STEP });
    expect(await page.locator('body').textContent()).not.toContain(secret);
    await page.reload();
    await keyRow.waitFor({ timeout: STEP });
    expect(await page.locator('body').textContent()).not.toContain(secret);
    await checkPage(page, 'admin-api-keys');
    // The secret works: an Open311 submission with it is accepted.
    const posted = await fetch(`${base}/open311/v2/requests.json`, {
      method: 'POST',
      body: new URLSearchParams({ api_key: secret, service_code: 'SANITATION', lat: '34.0375', long: '113.8345', description: '小区门口垃圾满溢' }),
    });
    expect(posted.status).toBe(200);

    // -- the English switch, once
    await button(page, 'English').click();
    await page.getByText('Open311 API keys').first().waitFor({ timeout: STEP });
    await checkPage(page, 'admin-api-keys-english');
    clean(ctx, 'city admin');
  }, 600_000);

  it('has no serious or critical axe-core violation on any of these pages', () => {
    expect(axeFound).toEqual([]);
  });
});
