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
 * The console in a real Chromium against the real server (demo street seeded): the whole
 * loop across four users, scoping, and every page checked for requests leaving the
 * machine, CSP violations, console errors and axe-core violations. Screenshots go to
 * test-artifacts/screenshots/ (git-ignored).
 */
const enabled = browserTestsEnabled('test/browser/console.test.ts');
const SHOTS = 'test-artifacts/screenshots';
const PASSWORD = 'console-password-1';
const STEP = 90_000;

let server: TestServer;
let browser: Browser;
const contexts: LocalContext[] = [];
let branchId: string;
/** The request the loop carried round (for the page checks after it). */
let loopRequestId: string | undefined;

/** A button by its label; antd puts a space between two Chinese characters, and an icon adds its own name first. */
const button = (scope: Page | Locator, label: string) =>
  scope.getByRole('button', { name: new RegExp(`(^|\\s)${[...label].join('\\s?')}\\s*$`) });

async function newPage(viewport = { width: 1280, height: 800 }): Promise<{ page: Page; ctx: LocalContext }> {
  const ctx = await localContext(browser, { viewport });
  contexts.push(ctx);
  return { page: await ctx.context.newPage(), ctx };
}

/** The page's own content shows `marker` (not the menu) and nothing is loading any more. */
async function settled(page: Page, marker: string): Promise<void> {
  await page.locator('main').getByText(marker).first().waitFor({ timeout: STEP });
  await page.waitForLoadState('networkidle');
  await expect.poll(() => page.locator('.ant-spin-spinning').count(), { timeout: STEP }).toBe(0);
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${SHOTS}/${name}.png` });
}

describe.skipIf(!enabled)('the console in Chromium', () => {
  beforeAll(async () => {
    if (!existsSync('dist-console/index.html')) throw new Error('dist-console/ is missing: npm test builds it (node console/build.mjs)');
    mkdirSync(SHOTS, { recursive: true });
    server = await startTestServer({ SEED_DEMO: 'true' });
    browser = await launchChromium();
    const branch = await server.gql<{ orgUnit: { id: string } }>(`{ orgUnit(code: "BL-01-01") { id } }`);
    branchId = branch.body.data!.orgUnit.id;
    await createAccount(server, { username: 'sec-yanzhong', role: 'SECRETARY', scopeUnitId: branchId }, PASSWORD);
  }, 300_000);

  afterAll(async () => {
    for (const { context } of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  it(
    'carries a request round the loop: admin sets up a courtyard and a responder, a resident reports on the map, the secretary sees it live and assigns it, the responder resolves it on a phone, the resident closes it with a rating',
    async () => {
      const base = server.url;

      // -- the admin: a courtyard with a boundary drawn on the map, a responder and their account
      const { page: admin } = await newPage();
      await signInThroughConsole(admin, base, 'admin', 'admin-password-1');
      await admin.goto(`${base}/tree`);
      await admin.getByPlaceholder('搜索网格名称').fill('延中社区第一网格');
      await admin.locator('.ant-select-item-option', { hasText: '延中社区第一网格党支部' }).first().click({ timeout: STEP });
      await expect.poll(() => admin.locator('h4', { hasText: '延中社区第一网格党支部' }).count(), { timeout: STEP }).toBe(1);
      await button(admin, '新建下级').click();
      const dialog = admin.locator('.ant-modal');
      await dialog.getByLabel('编码').fill('BL-01-01-09');
      await dialog.getByLabel('名称').fill('测试小区9号院党小组');
      await button(dialog, '保存').click();
      await admin.locator('.ant-tree-title', { hasText: '测试小区9号院党小组' }).click({ timeout: STEP });
      await expect.poll(() => admin.locator('h4', { hasText: '测试小区9号院党小组' }).count(), { timeout: STEP }).toBe(1);
      await button(admin, '绘制边界').click();
      // West of the branch's courtyards (the map fits them in the middle): outside the street.
      const map = (await admin.locator('.gg-map').boundingBox())!;
      for (const [dx, dy] of [[40, 120], [130, 120], [130, 220], [40, 220]]) {
        await admin.mouse.click(map.x + dx, map.y + dy);
        await admin.waitForTimeout(150);
      }
      await button(admin, '保存边界').click();
      await expect.poll(() => admin.locator('path.gg-shape-BL-01-01-09').count(), { timeout: STEP }).toBe(1);
      await shoot(admin, 'tree-admin-boundary');

      await admin.goto(`${base}/people`);
      await pickOption(admin, admin.getByLabel('所在网格'), '测试小区9号院党小组', { typed: '测试小区9号院' });
      await button(admin, '新增成员').click();
      const memberDialog = admin.locator('.ant-modal');
      await memberDialog.getByLabel('姓名').fill('欧阳师傅');
      await memberDialog.getByLabel('手机号').fill('13912345678');
      await memberDialog.getByText('处置人员', { exact: true }).click();
      await pickOption(admin, memberDialog.getByLabel('技能'), '道路', { multiple: true });
      await button(memberDialog, '保存').click();
      await admin.locator('td', { hasText: '欧阳师傅' }).first().waitFor({ timeout: STEP });
      await shoot(admin, 'people-members');

      await admin.getByRole('tab', { name: '账号' }).click();
      await button(admin, '新建账号').click();
      const userDialog = admin.locator('.ant-modal');
      await userDialog.getByLabel('用户名').fill('resp-ouyang');
      await userDialog.getByLabel('密码').fill(PASSWORD);
      await pickOption(admin, userDialog.getByLabel('角色'), '处置人员');
      await pickOption(admin, userDialog.getByLabel('所在网格'), '测试小区9号院党小组', { typed: '测试小区9号院' });
      await pickOption(admin, userDialog.getByLabel('对应成员'), '欧阳师傅');
      await button(userDialog, '保存').click();
      await admin.locator('td', { hasText: 'resp-ouyang' }).first().waitFor({ timeout: STEP });
      await shoot(admin, 'people-accounts');

      // -- the secretary watches the queue: no reload from here on
      const { page: secretary } = await newPage();
      await signInThroughConsole(secretary, base, 'sec-yanzhong', PASSWORD);
      await secretary.goto(`${base}/queue`);
      await secretary.getByTestId('live-indicator').waitFor();
      await secretary.waitForTimeout(1500);

      // -- the resident registers and reports on the map, inside the new courtyard
      const { page: resident } = await newPage();
      await resident.goto(`${base}/`);
      await resident.getByRole('tab', { name: '居民注册' }).click();
      const form = resident.locator('form[id="register"]');
      await form.getByLabel('用户名').fill('resident-wang');
      await form.getByLabel('姓名').fill('王女士');
      await form.getByLabel('手机号').fill('13700001111');
      await form.getByLabel('密码').fill(PASSWORD);
      await button(form, '居民注册').click();
      await resident.getByTestId('user-menu').waitFor({ timeout: STEP });
      await resident.goto(`${base}/report`);
      await pickOption(resident, resident.getByLabel('类别'), '路灯照明');
      await resident.getByLabel('描述').fill('9号院东门路灯不亮，晚上看不清路');
      await resident.locator('path.gg-shape-BL-01-01-09').click({ timeout: STEP });
      await resident.getByTestId('picked-point').filter({ hasText: '已选位置' }).waitFor({ timeout: STEP });
      await shoot(resident, 'report');
      await button(resident, '提交').click();
      const card = resident.getByTestId('report-card').first();
      await card.waitFor({ timeout: STEP });
      const number = (await card.locator('strong').first().textContent())!.trim();
      expect(number).toMatch(/\S+/);

      // -- the secretary sees it arrive without a reload, and assigns it to the new responder
      const row = secretary.locator('tr', { hasText: number });
      await row.waitFor({ timeout: STEP });
      await row.filter({ hasText: '待派发' }).waitFor({ timeout: STEP });
      await shoot(secretary, 'queue-live');
      await row.getByRole('link', { name: number }).click();
      await button(secretary, '指派').click();
      await pickOption(secretary, secretary.locator('.ant-modal').getByLabel('指派给'), '欧阳师傅', { typed: '欧阳' });
      await button(secretary.locator('.ant-modal'), '提交').click();
      await expect.poll(() => secretary.locator('.ant-tag', { hasText: '已指派' }).count(), { timeout: STEP }).toBeGreaterThan(0);
      await shoot(secretary, 'request-assigned');

      // -- the responder, on a 390 × 844 phone: accept, then resolve
      const { page: responder } = await newPage({ width: 390, height: 844 });
      await signInThroughConsole(responder, base, 'resp-ouyang', PASSWORD);
      await responder.goto(`${base}/tasks`);
      const task = responder.getByTestId('task-card').filter({ hasText: number });
      await task.waitFor({ timeout: STEP });
      await shoot(responder, 'tasks-phone');
      await button(task, '接单').click();
      await task.locator('.ant-tag', { hasText: '处理中' }).waitFor({ state: 'visible', timeout: STEP });
      await task.getByLabel('备注').fill('已更换灯泡');
      await button(task, '办结').click();
      await responder.getByText('暂无待办任务').waitFor({ timeout: STEP });
      expect(await responder.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

      // -- the resident closes it with four stars
      await resident.reload();
      const resolved = resident.getByTestId('report-card').filter({ hasText: number });
      await resolved.locator('.ant-tag', { hasText: '已办结' }).waitFor({ state: 'visible', timeout: STEP });
      await button(resolved, '确认办结并评价').click();
      await resident.locator('.ant-modal .ant-rate-star').nth(3).click();
      await button(resident.locator('.ant-modal'), '提交').click();
      await resolved.locator('.ant-tag', { hasText: '已关闭' }).waitFor({ state: 'visible', timeout: STEP });
      await shoot(resident, 'my-reports-closed');

      const final = await server.gql<{ serviceRequest: { id: string; status: string; rating: number; courtyard: { code: string }; events: { type: string }[] } }>(
        `query($n: String!) { serviceRequest(number: $n) { id status rating courtyard { code } events { type } } }`,
        { n: number },
      );
      expect(final.body.data!.serviceRequest).toMatchObject({ status: 'CLOSED', rating: 4, courtyard: { code: 'BL-01-01-09' } });
      expect(final.body.data!.serviceRequest.events.map((e) => e.type)).toEqual(['SUBMITTED', 'ROUTED', 'ASSIGNED', 'ACCEPTED', 'RESOLVED', 'CLOSED']);
      loopRequestId = final.body.data!.serviceRequest.id;

      for (const ctx of contexts) {
        expect(ctx.offHost).toEqual([]);
        expect(ctx.problems).toEqual([]);
      }
    },
    1_200_000,
  );
  it("shows a branch secretary nothing of another branch: not in the queue, the tree, the search, the dashboard or by a request's address", async () => {
    const base = server.url;
    const submit = async (code: string, text: string) => {
      const unit = await server.gql<{ orgUnit: { id: string } }>(`query($c: String!) { orgUnit(code: $c) { id } }`, { c: code });
      const res = await server.gql<{ submitServiceRequest: { id: string; number: string } }>(
        `mutation($i: SubmitServiceRequestInput!) { submitServiceRequest(input: $i) { id number } }`,
        { i: { categoryCode: 'SANITATION', description: text, courtyardId: unit.body.data!.orgUnit.id } },
      );
      return res.body.data!.submitServiceRequest;
    };
    const mine = await submit('BL-01-01-01', '本支部：楼道堆放杂物');
    const theirs = await submit('BL-02-01-01', '外支部：垃圾桶满溢');

    const { page, ctx } = await newPage();
    await signInThroughConsole(page, base, 'sec-yanzhong', PASSWORD);
    await page.goto(`${base}/queue`);
    await page.locator('tr', { hasText: mine.number }).waitFor({ timeout: STEP });
    expect(await page.locator('tr', { hasText: theirs.number }).count()).toBe(0);
    expect(await page.locator('body').textContent()).not.toContain('灞陵桥社区');

    await page.goto(`${base}/tree`);
    await page.locator('.ant-tree-title', { hasText: '延中社区第一网格党支部' }).first().waitFor({ timeout: STEP });
    await page.getByPlaceholder('搜索网格名称').fill('灞陵');
    await page.waitForTimeout(1500);
    expect(await page.locator('.ant-select-item-option').count()).toBe(0);
    const treeText = (await page.locator('.ant-tree').textContent()) ?? '';
    expect(treeText).not.toContain('灞陵桥社区');
    expect(treeText).not.toContain('第二网格');

    await page.goto(`${base}/requests/${encodeURIComponent(theirs.id)}`);
    await page.getByText('未找到，或您无权查看').waitFor({ timeout: STEP });
    expect(await page.locator('body').textContent()).not.toContain('垃圾桶满溢');

    await page.goto(`${base}/dashboard`);
    await page.locator('td', { hasText: '延中小区1号院党小组' }).first().waitFor({ timeout: STEP });
    expect(await page.locator('td', { hasText: '灞陵' }).count()).toBe(0);
    expect(ctx.offHost).toEqual([]);
    expect(ctx.problems).toEqual([]);
  }, 600_000);

  it('serves every page from this machine only, with no CSP violation, no console error and no serious or critical axe-core violation; screenshots each', async () => {
    const base = server.url;
    const visits: { who: string; username?: string; viewport?: { width: number; height: number }; pages: [string, string, string][] }[] = [
      { who: 'anonymous', pages: [['/', 'login', '登 录']] },
      {
        who: 'city admin',
        username: 'admin',
        pages: [
          ['/tree', 'tree', '灞陵街道党委'],
          ['/people', 'people', '新增成员'],
          ['/queue', 'queue', '工单队列'],
          ['/dashboard', 'dashboard', '统计看板'],
          ['/report', 'report-admin', '我要报事'],
          ['/my-reports', 'my-reports-admin', '我的报事'],
          ['/password', 'password', '修改密码'],
        ],
      },
      {
        who: 'secretary',
        username: 'sec-yanzhong',
        pages: [
          ['/queue', 'queue-secretary', '工单队列'],
          ['/dashboard', 'dashboard-secretary', '统计看板'],
          ['/tree', 'tree-secretary', '延中社区第一网格党支部'],
          ['/people', 'people-secretary', '新增成员'],
        ],
      },
      { who: 'responder', username: 'resp-ouyang', viewport: { width: 390, height: 844 }, pages: [['/tasks', 'tasks-responder-phone', '我的任务']] },
      { who: 'resident', username: 'resident-wang', pages: [['/my-reports', 'my-reports-resident', '我的报事'], ['/report', 'report-resident', '我要报事']] },
    ];
    const found: string[] = [];
    for (const visit of visits) {
      const { page, ctx } = await newPage(visit.viewport);
      const password = visit.username === 'admin' ? 'admin-password-1' : PASSWORD;
      if (visit.username) await signInThroughConsole(page, base, visit.username, password);
      for (const [path, shot, marker] of visit.pages) {
        await page.goto(`${base}${path}`);
        await settled(page, marker);
        await shoot(page, shot);
        for (const v of await seriousAxeViolations(page)) found.push(`${visit.who} ${path}: ${v.impact} ${v.id} (${v.help}) at ${v.targets.join(', ')}`);
      }
      // The loop's request, for the two of them who may see it.
      if (loopRequestId && (visit.username === 'sec-yanzhong' || visit.username === 'resident-wang')) {
        await page.goto(`${base}/requests/${encodeURIComponent(loopRequestId)}`);
        await settled(page, '处理记录');
        await shoot(page, `request-${visit.username}`);
        for (const v of await seriousAxeViolations(page)) found.push(`${visit.who} request: ${v.impact} ${v.id} (${v.help}) at ${v.targets.join(', ')}`);
      }
      expect(ctx.offHost, `${visit.who}: requests off this machine`).toEqual([]);
      expect(ctx.problems, `${visit.who}: console errors or CSP violations`).toEqual([]);
    }
    // The English switch, once.
    const { page } = await newPage();
    await signInThroughConsole(page, base, 'admin', 'admin-password-1');
    await page.goto(`${base}/tree`);
    await button(page, 'English').click();
    await page.getByText('Tree and map').first().waitFor({ timeout: STEP });
    await shoot(page, 'tree-english');
    for (const v of await seriousAxeViolations(page)) found.push(`english /tree: ${v.impact} ${v.id} at ${v.targets.join(', ')}`);
    expect(found).toEqual([]);
  }, 1_200_000);
});
