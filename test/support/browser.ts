/// <reference lib="dom" />
import { accessSync, constants, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';

/**
 * Shared helpers for browser tests: Debian's Chromium driven by playwright-core (no browser
 * download), contexts that refuse every request leaving this machine, and axe-core run
 * inside the page.
 */

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface ChromiumCheck {
  available: boolean;
  /** Why not, in words, when it is not. */
  reason?: string;
}

export function findChromium(): ChromiumCheck {
  try {
    accessSync(CHROMIUM_PATH, constants.X_OK);
    return { available: true };
  } catch {
    return { available: false, reason: `no executable Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium, or set CHROMIUM_PATH)` };
  }
}

/**
 * Whether a browser test file runs: when Chromium is missing it says so plainly (once per
 * file) and skips, except under CI=true, where a missing browser is a failure.
 */
export function browserTestsEnabled(file: string): boolean {
  const check = findChromium();
  if (check.available) return true;
  if (process.env.CI === 'true') throw new Error(`browser tests cannot run under CI: ${check.reason}`);
  process.stderr.write(`\n[browser tests skipped] ${file}: ${check.reason}\n`);
  return false;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true, timeout: 60_000 });
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export interface LocalContext {
  context: BrowserContext;
  /** Every URL a page tried to reach off this machine (each was aborted). */
  offHost: string[];
  /** Console errors, uncaught page errors and CSP violations, with the page's URL. */
  problems: string[];
}

/** A context whose pages may reach only this machine; every other request is aborted and recorded. */
export async function localContext(browser: Browser, options: BrowserContextOptions = {}): Promise<LocalContext> {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...options });
  // The machine may be busy: waits are long, never a timing assertion.
  context.setDefaultTimeout(60_000);
  context.setDefaultNavigationTimeout(120_000);
  const offHost: string[] = [];
  const problems: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isLocal(url)) return route.continue();
    offHost.push(url);
    return route.abort('blockedbyclient');
  });
  const watch = (page: Page) => {
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`${page.url()}: console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`${page.url()}: page error: ${error.message}`));
    page.on('websocket', (ws) => {
      if (!isLocal(ws.url())) offHost.push(ws.url());
    });
  };
  context.on('page', watch);
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline'} ${event.sample}`);
    });
  });
  return { context, offHost, problems };
}

function isLocal(url: string): boolean {
  if (url.startsWith('data:') || url.startsWith('blob:') || url.startsWith('about:')) return true;
  try {
    return LOCAL_HOSTS.has(new URL(url).hostname);
  } catch {
    return false;
  }
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * axe-core run inside the page (evaluated through the DevTools protocol, which the page's
 * CSP does not govern); answers the violations of at least `serious` impact.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, options: object): Promise<{ violations: any[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id as string,
      impact: v.impact as string | null,
      help: v.help as string,
      targets: (v.nodes as { target: string[] }[]).slice(0, 5).map((n) => n.target.join(' ')),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Signs in through the console's own form. */
export async function signInThroughConsole(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.getByLabel('用户名').first().fill(username);
  await page.getByLabel('密码').first().fill(password);
  await page.getByRole('button', { name: '登 录' }).or(page.getByRole('button', { name: '登录' })).first().click();
  await page.getByTestId('user-menu').waitFor({ timeout: 120_000 });
}

/**
 * Opens an antd Select, types to narrow it when asked, and picks the option with that text;
 * then its dropdown must close (a multiple select is closed with Escape). The dropdown is the
 * one holding this select's listbox (`<input id>_list`): another select's dropdown still
 * leaving the page is neither clicked in nor waited for (without an id: the one open). A
 * timeout names the dropdowns open.
 */
export async function pickOption(
  page: Page,
  select: Locator,
  optionText: string,
  options: { typed?: string; multiple?: boolean; timeout?: number } = {},
): Promise<void> {
  const timeout = options.timeout ?? 90_000;
  await select.click({ timeout });
  if (options.typed) await page.keyboard.type(options.typed);
  const id = await select.getAttribute('id', { timeout });
  const dropdown = id
    ? page.locator('.ant-select-dropdown', { has: page.locator(`[id="${id}_list"]`) })
    : page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
  const option = dropdown.locator('.ant-select-item-option', { hasText: optionText }).first();
  await option.click({ timeout });
  const deadline = Date.now() + timeout;
  if (options.multiple) await select.press('Escape', { timeout });
  else {
    // A click that lands while the list re-renders (its query answered again) can be lost
    // between mousedown and mouseup: the dropdown stays open with the typed text and the
    // option in it (seen once in a full run). Click again while so: picking the same option
    // of a single select twice picks it once.
    while (Date.now() < deadline - 5_000) {
      const closed = await dropdown.waitFor({ state: 'hidden', timeout: 3_000 }).then(() => true, () => false);
      if (closed) break;
      if (await option.isVisible()) await option.click({ timeout: 2_000 }).catch(() => undefined);
    }
  }
  try {
    await dropdown.waitFor({ state: 'hidden', timeout: Math.max(1_000, deadline - Date.now()) });
  } catch (error) {
    const open = await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').allInnerTexts();
    throw new Error(`the dropdown of ${id} did not close after picking "${optionText}"; open: ${JSON.stringify(open)}`, { cause: error });
  }
}

/**
 * Waits for a dialog to close after its OK button, as a saved form does; when it stays open
 * the timeout says what it shows (the server's refusal, a field's rule) instead of only the wait.
 */
export async function dialogClosed(dialog: Locator, timeout = 90_000): Promise<void> {
  try {
    await dialog.waitFor({ state: 'hidden', timeout });
  } catch (error) {
    const shown = await dialog.innerText({ timeout: 5_000 }).catch(() => '(unreadable)');
    throw new Error(`the dialog stayed open; it shows: ${shown.replace(/\s+/g, ' ').slice(0, 500)}`, { cause: error });
  }
}
