// C1: the console's tree page of the demo street, loaded in the test browser (Debian's
// Chromium through playwright-core, as the browser tests drive it), timed from navigation to
// interactive. Not a GraphQL load: its own server on its own fresh database with the demo
// street, as a newcomer's `npm start` has it.
//
// "Interactive" here: the tree shows the street, the map has drawn its children's boundaries
// and nothing is loading (no spinner); then a click opens the street's node and a click on a
// child shows its details (checked, not timed). Each load is a new browser context (an
// empty cache: the first visit of the day), already signed in (the token in localStorage, as
// after the sign-in page).
import { fork } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { ADMIN_PASSWORD, ADMIN_USERNAME, adminUrl, ourServerEnv, ourServerNodeFlags } from './data.mjs';
import { LOGIN } from './queries.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const STREET = '灞陵街道党委';

/** Why C1 cannot run here, or null. */
export function consolePageUnavailable() {
  try {
    accessSync(CHROMIUM, constants.X_OK);
  } catch {
    return `no Chromium at ${CHROMIUM} (apt-get install -y chromium)`;
  }
  try {
    accessSync(join(here, '../dist-console/index.html'));
  } catch {
    return 'dist-console/ is not built (npm run console:build)';
  }
  return null;
}

/** Beside the bench cities (BENCH_DB_PREFIX, as theirs), dropped and made again each run. */
function databaseName() {
  const prefix = process.env.BENCH_DB_PREFIX ?? 'gg_bench_';
  if (!/^gg_bench_[a-z0-9_]*$/.test(prefix)) throw new Error('BENCH_DB_PREFIX must start with gg_bench_');
  return `${prefix}console`;
}

async function freshDatabase() {
  const DB = databaseName();
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${DB}`);
  } finally {
    await admin.end();
  }
  const u = new URL(adminUrl());
  u.pathname = `/${DB}`;
  return u.toString();
}

function startServer(databaseUrl) {
  return new Promise((resolve, reject) => {
    // The demo street is seeded by the server's own start, as `npm start` does it.
    const env = { ...process.env, ...ourServerEnv(databaseUrl, { SEED_DEMO: 'true', LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '100000000' }) };
    const child = fork(join(here, 'server-child.mjs'), [], { env, execArgv: ourServerNodeFlags(), stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    child.once('exit', (code) => reject(new Error(`the console's server exited with ${code} before it was ready`)));
    child.on('message', (m) => {
      if (m?.ready) resolve({ child, url: `http://127.0.0.1:${m.port}` });
    });
  });
}

/**
 * `reps` repetitions of `loads` cold loads each; per repetition the median ms (and every
 * sample), plus the bytes of JavaScript the first load transferred.
 */
export async function runConsolePage({ reps, loads = 5, log }) {
  const { chromium } = await import('playwright-core');
  const url = await freshDatabase();
  const { child, url: base } = await startServer(url);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, timeout: 60_000 });
  try {
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: LOGIN, variables: { u: ADMIN_USERNAME, p: ADMIN_PASSWORD } }),
    });
    const token = (await res.json()).data.login.token;
    const perRep = [];
    let scriptBytes = null;
    for (let rep = 0; rep < reps; rep++) {
      const samples = [];
      for (let i = 0; i < loads; i++) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        await context.addInitScript((t) => localStorage.setItem('gg.token', t), token);
        // Nothing may leave the machine (as in the browser tests): a stray request fails the run.
        const offHost = [];
        await context.route('**/*', (route) => {
          const host = new URL(route.request().url()).hostname;
          if (host === '127.0.0.1' || host === 'localhost') return route.continue();
          offHost.push(route.request().url());
          return route.abort();
        });
        const page = await context.newPage();
        const scripts = [];
        page.on('requestfinished', (request) => {
          if (request.resourceType() === 'script') scripts.push(request.sizes().then((s) => s.responseBodySize));
        });
        const t0 = performance.now();
        await page.goto(`${base}/tree`);
        await page.locator('.ant-tree-title', { hasText: STREET }).first().waitFor({ timeout: 30_000 });
        await page.locator('.gg-map path').first().waitFor({ timeout: 30_000 });
        await page.waitForFunction(() => document.querySelectorAll('.ant-spin-spinning').length === 0, null, { timeout: 30_000, polling: 'raf' });
        const ms = performance.now() - t0;
        // Interactive: the street's node opens on a click and a child answers a click with its
        // details (checked, not timed).
        await page.locator('.ant-tree-switcher').first().click();
        const child = page.locator('.ant-tree-treenode').nth(1).locator('.ant-tree-title');
        const childName = (await child.textContent({ timeout: 30_000 }))?.replace(/\d+$/, '').trim();
        await child.click();
        await page.locator('h4', { hasText: childName }).first().waitFor({ timeout: 30_000 });
        if (offHost.length) throw new Error(`the tree page asked hosts off this machine: ${offHost.join(', ')}`);
        samples.push(ms);
        scriptBytes ??= (await Promise.all(scripts)).reduce((a, b) => a + b, 0);
        await context.close();
      }
      samples.sort((a, b) => a - b);
      const med = samples[Math.floor(samples.length / 2)];
      log(`C1 rep ${rep + 1}/${reps}: tree page interactive in ${med.toFixed(0)} ms median of ${loads} cold loads (${samples.map((x) => x.toFixed(0)).join(', ')})`);
      perRep.push({ median: med, samples });
    }
    return { perRep, scriptBytes };
  } finally {
    await browser.close();
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}
