/**
 * The in-browser IDE works with no internet: a real Chromium (Debian's package, headless)
 * opens /graphiql while every request to another host than this server fails the test,
 * waits for GraphiQL's editor, runs a query in it and reads the answer. The page's
 * Content-Security-Policy allows no inline script; a violation fails the test too.
 * A screenshot goes to test-artifacts/ (git-ignored).
 *
 * Chromium: /usr/bin/chromium (`apt-get install -y chromium`; `.ci/run` installs it). Under
 * CI (CI=true) a missing browser fails; elsewhere the test is skipped, saying why.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/process.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const haveChromium = existsSync(CHROMIUM);
const underCi = process.env.CI === 'true';
if (!haveChromium && !underCi) {
  console.warn(`graphiql-offline: skipped, no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);
}

describe.skipIf(!haveChromium && !underCi)('GraphiQL offline, in a real browser', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    if (!haveChromium) throw new Error(`CI=true and no Chromium at ${CHROMIUM}: .ci/run installs it with apt-get install -y chromium`);
    server = await startTestServer();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 60_000 });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('renders from this server alone, under its CSP, and runs a query', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const foreign: string[] = [];
    const local: string[] = [];
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.protocol === 'data:' || url.protocol === 'blob:' || ['127.0.0.1', 'localhost'].includes(url.hostname)) {
        local.push(url.pathname);
        return route.continue();
      }
      foreign.push(url.href);
      return route.abort('internetdisconnected');
    });
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || /Content Security Policy/i.test(message.text())) problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));

    const response = await page.goto(`${server.url}/graphiql`, { waitUntil: 'load', timeout: 60_000 });
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self';.*style-src 'self';/);
    const html = await response!.text();
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script>|<script(?![^>]*\bsrc=)[^>]*>|<style|\son[a-z]+=/i);

    const editor = page.locator('.graphiql-query-editor .CodeMirror');
    await editor.waitFor({ state: 'visible', timeout: 60_000 });

    // Replace the query and run it with the execute button.
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.type('{ __typename }');
    await page.locator('.graphiql-execute-button').click();
    const result = page.locator('.graphiql-response .CodeMirror');
    // Anonymous callers may ask for __typename: the answer comes from this server's /graphql.
    await expect.poll(async () => (await result.textContent()) ?? '', { timeout: 30_000 }).toMatch(/"__typename": "Query"/);

    // The documentation explorer: the schema by introspection, rendered under the same CSP.
    await page.locator('[aria-label="Show Documentation Explorer"]').click();
    await page.locator('.graphiql-doc-explorer').getByText('Query', { exact: true }).first().waitFor({ state: 'visible', timeout: 30_000 });

    const artifacts = join(ROOT, 'test-artifacts');
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'graphiql-offline.png') });

    expect(foreign).toEqual([]);
    expect(problems).toEqual([]);
    expect(local).toEqual(expect.arrayContaining(['/graphiql', '/graphql']));
    await context.close();
  });
});
