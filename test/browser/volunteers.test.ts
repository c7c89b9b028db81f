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
  pickOption,
  signInThroughConsole,
  type LocalContext,
} from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/**
 * The console's volunteers pages in a real Chromium against the real server (demo street
 * seeded), driven by clicks only: a secretary publishes an activity and shows its check-in
 * code, a resident registers as a volunteer, signs up and checks in with the code on a
 * 390 × 844 phone, the secretary signs someone in on site (代签) and back-fills hours that
 * the admin approves (four eyes), the admin awards a star and issues a certificate that an
 * anonymous visitor checks by number and code, before and after it is revoked. Every page:
 * nothing off this machine, no console error or CSP violation, no serious axe violation.
 */
const enabled = browserTestsEnabled('test/browser/volunteers.test.ts');
const SHOTS = 'test-artifacts/screenshots';
const PASSWORD = 'volunteer-password-1';
const STEP = 90_000;
const PHONE = { width: 390, height: 844 };

let server: TestServer;
let browser: Browser;
const contexts: LocalContext[] = [];
const axeFound: string[] = [];
let residentUserId: string;

/** A button by its label; antd puts a space between two Chinese characters, and an icon adds its own name first. */
const button = (scope: Page | Locator, label: string) =>
  scope.getByRole('button', { name: new RegExp(`(^|\\s)${[...label].join('\\s?')}\\s*$`) });

async function newPage(viewport = { width: 1280, height: 800 }): Promise<Page> {
  const ctx = await localContext(browser, { viewport });
  contexts.push(ctx);
  return ctx.context.newPage();
}

/** Nothing loading any more; then a screenshot and the axe-core check of what is on screen. */
async function check(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  await expect.poll(() => page.locator('.ant-spin-spinning').count(), { timeout: STEP }).toBe(0);
  // "Saved" toasts fade after 3 s; the screenshots show the page, not them.
  await expect.poll(() => page.locator('.ant-message-notice').count(), { timeout: STEP }).toBe(0);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${SHOTS}/volunteers-${name}.png` });
  for (const v of await seriousAxeViolations(page)) axeFound.push(`${name}: ${v.impact} ${v.id} (${v.help}) at ${v.targets.join(', ')}`);
}

/** A datetime-local value in Asia/Shanghai (the browser contexts' zone). */
function shanghaiLocal(date: Date): string {
  const parts = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' }).format(date);
  return parts.replace(' ', 'T');
}

describe.skipIf(!enabled)('the volunteers pages in Chromium', () => {
  beforeAll(async () => {
    if (!existsSync('dist-console/index.html')) throw new Error('dist-console/ is missing: npm test builds it (node console/build.mjs)');
    mkdirSync(SHOTS, { recursive: true });
    server = await startTestServer({ SEED_DEMO: 'true' });
    browser = await launchChromium();
    const branch = await server.gql<{ orgUnit: { id: string } }>(`{ orgUnit(code: "BL-01-01") { id } }`);
    await createAccount(server, { username: 'sec-volunteers', role: 'SECRETARY', scopeUnitId: branch.body.data!.orgUnit.id }, PASSWORD);
    residentUserId = (await registerResident(server, 'resident-li')).id;
  }, 300_000);

  afterAll(async () => {
    for (const { context } of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  it(
    'publishes an activity, shows its code; a resident registers, signs up and checks in with it on a phone; 代签; back-fill approved by someone else; a star; a certificate checked anonymously, revoked',
    async () => {
      const base = server.url;
      const title = '楼道清扫（浏览器测试）';

      // -- the secretary publishes an activity that is on now, and shows its code
      const secretary = await newPage();
      await signInThroughConsole(secretary, base, 'sec-volunteers', PASSWORD);
      await secretary.goto(`${base}/volunteers/activities`);
      await secretary.locator('main').getByText('志愿活动').first().waitFor({ timeout: STEP });
      await check(secretary, 'activities');
      await button(secretary.locator('main'), '发布活动').click();
      const publish = secretary.locator('.ant-modal');
      await pickOption(secretary, publish.getByLabel('志愿组织'), 'BL-01-01-01 庭院志愿服务队');
      await publish.getByLabel('活动名称').fill(title);
      await publish.getByLabel('地点').fill('1号院中心广场');
      await publish.getByLabel('开始时间').fill(shanghaiLocal(new Date(Date.now() - 10 * 60_000)));
      await publish.getByLabel('结束时间').fill(shanghaiLocal(new Date(Date.now() + 2 * 3_600_000)));
      await check(secretary, 'publish');
      await button(publish, '发布活动').click();
      const codeShown = secretary.getByTestId('check-in-code');
      await codeShown.waitFor({ timeout: STEP });
      const code = (await codeShown.textContent())!.trim();
      expect(code).toMatch(/^\d{6}$/);
      await check(secretary, 'activity');
      await button(secretary, '全屏出示').click();
      await secretary.locator('.gg-vol-code-big', { hasText: code }).waitFor({ timeout: STEP });
      await check(secretary, 'activity-code');
      await secretary.keyboard.press('Escape');
      await secretary.locator('.gg-vol-code-big').waitFor({ state: 'hidden', timeout: STEP });
      const activityUrl = secretary.url();

      // -- a resident, on a 390 × 844 phone: registers as a volunteer, signs up, checks in with the code
      const resident = await newPage(PHONE);
      await signInThroughConsole(resident, base, 'resident-li', 'resident-password-1');
      await resident.goto(`${base}/volunteer`);
      const register = resident.locator('form#vol-register');
      await register.waitFor({ timeout: STEP });
      await check(resident, 'register-phone');
      await register.getByLabel('姓名').fill('李志愿');
      await register.getByLabel('手机号').fill('13912340001');
      await pickOption(resident, register.getByLabel('所在网格'), '延中小区1号院党小组', { typed: '延中小区1号院' });
      await pickOption(resident, register.getByLabel('所属组织'), 'BL-01-01-01 庭院志愿服务队', { multiple: true });
      await button(register, '注册志愿者').click();
      await resident.getByTestId('my-volunteer').filter({ hasText: '李志愿' }).filter({ hasText: 'BL-01-01-01 庭院志愿服务队' }).waitFor({ timeout: STEP });
      const card = resident.getByTestId('activity-card').filter({ hasText: title });
      await button(card, '报名').click();
      await card.locator('.ant-tag', { hasText: '已报名' }).waitFor({ timeout: STEP });
      await card.getByLabel('签到码').fill(code);
      await button(card, '签到').click();
      await card.locator('.ant-tag', { hasText: '已签到' }).waitFor({ timeout: STEP });
      expect(await resident.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
      await check(resident, 'mine-phone');

      // -- the secretary signs a demo volunteer up and in on site (代签), without the code
      await secretary.goto(activityUrl);
      await pickOption(secretary, secretary.getByLabel('搜索志愿者姓名或编号'), '张秀英', { typed: '张秀英' });
      await button(secretary.locator('main'), '报名').click();
      const zhang = secretary.locator('tr', { hasText: '张秀英' });
      await zhang.locator('.ant-tag', { hasText: '已报名' }).waitFor({ timeout: STEP });
      await button(zhang, '代签到').click();
      await zhang.locator('.ant-tag', { hasText: '已签到' }).waitFor({ timeout: STEP });
      await secretary.locator('tr', { hasText: '李志愿' }).locator('.ant-tag', { hasText: '已签到' }).waitFor({ timeout: STEP });
      await check(secretary, 'activity-signups');

      // -- the secretary back-fills hours for the new volunteer; they wait for someone else
      await secretary.goto(`${base}/volunteers/people`);
      await secretary.getByLabel('姓名或编号').fill('李志愿');
      await secretary.getByLabel('姓名或编号').press('Enter');
      await secretary.locator('tr', { hasText: '李志愿' }).getByRole('link').click();
      await secretary.locator('h4', { hasText: '李志愿' }).waitFor({ timeout: STEP });
      const volunteerUrl = secretary.url();
      await button(secretary.locator('main'), '补录时长').click();
      const backfill = secretary.locator('.ant-modal');
      await pickOption(secretary, backfill.getByLabel('志愿组织'), 'BL-01-01-01 庭院志愿服务队');
      await backfill.getByLabel('时长（小时）').fill('2.5');
      await backfill.getByLabel('描述').fill('陪护独居老人就医');
      await button(backfill, '提交').click();
      await secretary.locator('tr', { hasText: '陪护独居老人就医' }).locator('.ant-tag', { hasText: '待审核' }).waitFor({ timeout: STEP });
      await check(secretary, 'volunteer-backfilled');
      // The recorder does not decide their own entry: it is not in their list.
      await secretary.goto(`${base}/volunteers/hours`);
      await secretary.locator('main').getByText('时长审核').first().waitFor({ timeout: STEP });
      await check(secretary, 'hours-secretary');
      expect(await secretary.locator('tr', { hasText: '李志愿' }).count()).toBe(0);

      // -- the admin approves it
      const admin = await newPage();
      await signInThroughConsole(admin, base, 'admin', 'admin-password-1');
      await admin.goto(`${base}/volunteers/hours`);
      const entry = admin.locator('tr', { hasText: '李志愿' });
      await entry.waitFor({ timeout: STEP });
      await check(admin, 'hours');
      await button(entry, '通过').click();
      await entry.waitFor({ state: 'detached', timeout: STEP });
      await resident.reload();
      await resident.getByTestId('my-volunteer').filter({ hasText: '2.5' }).waitFor({ timeout: STEP });

      // -- a mistake is never edited: the secretary corrects the approved entry by half an hour
      await secretary.goto(volunteerUrl);
      const approved = secretary.locator('tr', { hasText: '陪护独居老人就医' });
      await approved.locator('.ant-tag', { hasText: '已通过' }).waitFor({ timeout: STEP });
      await button(approved, '更正').click();
      const correction = secretary.locator('.ant-modal');
      await correction.getByLabel('增减时长（小时，可为负数）').fill('-0.5');
      await correction.getByLabel('原因').fill('多记半小时');
      await button(correction, '提交').click();
      await secretary.getByTestId('total-hours').filter({ hasText: '2.0' }).waitFor({ timeout: STEP });
      await check(secretary, 'volunteer-corrected');

      // -- the admin awards 三星 to a demo volunteer past 600 hours (二星 in force)
      await admin.goto(`${base}/volunteers/people`);
      await admin.getByLabel('姓名或编号').fill('周德明');
      await admin.getByLabel('姓名或编号').press('Enter');
      await admin.locator('tr', { hasText: '周德明' }).getByRole('link').click();
      await admin.locator('h4', { hasText: '周德明' }).waitFor({ timeout: STEP });
      await button(admin.locator('main'), '授予3星').click();
      await button(admin.locator('.ant-modal'), '提交').click();
      await admin.getByTestId('star-award').filter({ hasText: '3星' }).locator('.ant-tag', { hasText: '公示中' }).waitFor({ timeout: STEP });
      await expect.poll(() => button(admin.locator('main'), '授予4星').isDisabled()).toBe(true);

      // -- a certificate: issued, checked anonymously by number and code, revoked, checked again
      await button(admin.locator('main'), '开具证明').click();
      await button(admin.locator('.ant-modal'), '提交').click();
      const certificate = admin.getByTestId('certificate').first();
      await certificate.waitFor({ timeout: STEP });
      const number = (await certificate.getByTestId('certificate-number').textContent())!.trim();
      const verificationCode = (await certificate.getByTestId('certificate-code').textContent())!.trim();
      await check(admin, 'volunteer');

      const anonymous = await newPage(PHONE);
      await anonymous.goto(`${base}/verify`);
      const verify = anonymous.locator('form#vol-verify');
      await verify.getByLabel('证明编号').fill(number);
      await verify.getByLabel('查验码').fill(verificationCode);
      await button(verify, '查验').click();
      await anonymous.getByTestId('check-result').getByText('证明有效').waitFor({ timeout: STEP });
      expect(await anonymous.getByTestId('check-result').textContent()).toContain('周**');
      await check(anonymous, 'verify-valid');

      await button(certificate, '撤销').click();
      await admin.locator('.ant-modal').getByLabel('原因').fill('时长统计有误，重新开具');
      await button(admin.locator('.ant-modal'), '提交').click();
      await certificate.locator('.ant-tag', { hasText: '已撤销' }).waitFor({ timeout: STEP });
      await button(verify, '查验').click();
      await anonymous.getByTestId('check-result').getByText('该证明已被撤销').waitFor({ timeout: STEP });
      await check(anonymous, 'verify-revoked');

      // A wrong code says so, and tells nothing about the certificate.
      await verify.getByLabel('查验码').fill('WRONGCODE0000000');
      await button(verify, '查验').click();
      await anonymous.getByTestId('check-result').getByText('编号与查验码不匹配').waitFor({ timeout: STEP });
      expect(await anonymous.getByTestId('check-result').textContent()).not.toContain('周**');

      // -- scoping: the branch secretary finds no volunteer living outside the branch
      const all = await server.gql<{ volunteers: { nodes: { name: string; unit: { code: string } }[] } }>(`{ volunteers(first: 50) { nodes { name unit { code } } } }`);
      const outsider = all.body.data!.volunteers.nodes.find((v) => !v.unit.code.startsWith('BL-01-01'))!;
      expect(outsider).toBeDefined();
      await secretary.goto(`${base}/volunteers/people`);
      await secretary.locator('tr', { hasText: '李志愿' }).waitFor({ timeout: STEP });
      expect(await secretary.locator('tr', { hasText: outsider.name }).count()).toBe(0);

      // -- a resident named manager of an organisation reaches the organisers' pages from their own
      const orgs = await server.gql<{ volunteerOrganizations: { nodes: { id: string }[] } }>(`{ volunteerOrganizations(search: "BL-01-01-01") { nodes { id } } }`);
      const add = await server.gql(`mutation($i: OrganizationManagerInput!) { addOrganizationManager(input: $i) { id } }`, {
        i: { organizationId: orgs.body.data!.volunteerOrganizations.nodes[0].id, userId: residentUserId },
      });
      expect(add.body.errors).toBeUndefined();
      await resident.reload();
      await resident.getByText('我管理的志愿组织：1 个').waitFor({ timeout: STEP });
      await resident.locator('main').getByRole('link', { name: '志愿活动' }).click();
      await resident.locator('tr', { hasText: title }).getByText(code).waitFor({ timeout: STEP });
      await resident.goto(`${base}/volunteer`);

      // -- the pages in English, once
      await button(resident, 'English').click();
      await resident.locator('main h4', { hasText: 'My volunteering' }).waitFor({ timeout: STEP });
      await check(resident, 'mine-phone-english');

      for (const ctx of contexts) {
        expect(ctx.offHost, 'requests off this machine').toEqual([]);
        expect(ctx.problems, 'console errors or CSP violations').toEqual([]);
      }
      expect(axeFound).toEqual([]);
    },
    1_200_000,
  );
});
