import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/app-config.js';
import { consoleCsp, registerConsoleRoutes } from '../../src/modules/console/console.routes.js';

/**
 * How the server serves the console: index.html with a fresh CSP nonce for every client
 * route, hashed assets, the console's configuration, and nothing of the API's paths.
 * Runs on a folder shaped like dist-console/, so it needs no build.
 */
let dir: string;
let app: FastifyInstance;
let missing: FastifyInstance;
const APP_JS = 'console.log("app");'.repeat(50);
const INDEX = `<!doctype html><html><head><meta name="csp-nonce" content="__CSP_NONCE__" /><script type="module" src="/assets/app-1a2b.js"></script></head><body><div id="root"></div></body></html>`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gg-console-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), INDEX);
  writeFileSync(join(dir, 'assets', 'app-1a2b.js'), APP_JS);
  // As console/build.mjs leaves them: compressed copies beside the hashed assets.
  writeFileSync(join(dir, 'assets', 'app-1a2b.js.br'), brotliCompressSync(APP_JS));
  writeFileSync(join(dir, 'assets', 'app-1a2b.js.gz'), gzipSync(APP_JS));
  writeFileSync(join(dir, 'assets', 'plain-3c4d.js'), APP_JS);
  writeFileSync(join(dir, 'secret.txt'), 'not an asset');
  const config = loadConfig({ MAP_TILE_URL: 'https://t{s}.tiles.example.cn/{z}/{x}/{y}.png', MAP_TILE_CRS: 'GCJ02' });
  app = Fastify();
  app.get('/graphql', async () => ({ api: true }));
  app.get('/health', async () => ({ status: 'ok' }));
  registerConsoleRoutes(app, config, dir);
  await app.ready();
  missing = Fastify();
  registerConsoleRoutes(missing, loadConfig({}), join(dir, 'nothing-here'));
  await missing.ready();
});
afterAll(async () => {
  await app?.close();
  await missing?.close();
  rmSync(dir, { recursive: true, force: true });
});

const nonceOf = (csp: string) => /'nonce-([^']+)'/.exec(csp)?.[1];

describe('the console route', () => {
  it('serves index.html at / with a CSP that allows no inline script and a nonce for styles, fresh each time', async () => {
    const first = await app.inject({ url: '/' });
    const second = await app.inject({ url: '/' });
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toContain('text/html');
    const csp = String(first.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    const nonce = nonceOf(csp);
    expect(nonce).toMatch(/^[A-Za-z0-9+/=]{22,}$/);
    expect(first.body).toContain(`content="${nonce}"`);
    expect(first.body).not.toContain('__CSP_NONCE__');
    expect(nonceOf(String(second.headers['content-security-policy']))).not.toBe(nonce);
    expect(first.headers['cache-control']).toBe('no-store');
  });

  it('answers client routes with the same page (SPA fallback), but never the API paths', async () => {
    for (const url of ['/tree', '/requests/U2VydmljZVJlcXVlc3Q6MQ', '/queue?status=ASSIGNED']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toContain('<div id="root">');
    }
    expect((await app.inject({ url: '/graphql' })).json()).toEqual({ api: true });
    expect((await app.inject({ url: '/health' })).json()).toEqual({ status: 'ok' });
    for (const url of ['/graphql/x', '/graphiql/x', '/health/deep', '/open311/v2/services.json', '/open311']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(404);
      expect(res.body, url).not.toContain('<div id="root">');
    }
  });

  it('serves hashed assets for a year and nothing outside the build folder', async () => {
    const asset = await app.inject({ url: '/assets/app-1a2b.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toContain('text/javascript');
    expect(asset.headers['cache-control']).toContain('immutable');
    expect((await app.inject({ url: '/assets/nope.js' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/assets/..%2F..%2Fpackage.json' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/%2e%2e/%2e%2e/package.json' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/secret.txt' })).headers['cache-control']).toBe('no-cache');
  });

  it("sends the build's brotli or gzip copy of an asset to a browser that takes it, and the plain file otherwise", async () => {
    const br = await app.inject({ url: '/assets/app-1a2b.js', headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('accept-encoding');
    expect(br.headers['content-type']).toContain('text/javascript');
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(APP_JS);
    const gz = await app.inject({ url: '/assets/app-1a2b.js', headers: { 'accept-encoding': 'gzip, br;q=0' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(APP_JS);
    const plain = await app.inject({ url: '/assets/app-1a2b.js', headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(APP_JS);
    // No copy beside it: the file itself, whatever the browser takes.
    const uncopied = await app.inject({ url: '/assets/plain-3c4d.js', headers: { 'accept-encoding': 'br, gzip' } });
    expect(uncopied.headers['content-encoding']).toBeUndefined();
    expect(uncopied.body).toBe(APP_JS);
  });

  it('tells the console the tile template and datum, and lets images come from the tile server', async () => {
    const res = await app.inject({ url: '/console-config.json' });
    expect(res.json()).toEqual({ mapTileUrl: 'https://t{s}.tiles.example.cn/{z}/{x}/{y}.png', mapTileCrs: 'GCJ02', production: false });
    const csp = String((await app.inject({ url: '/' })).headers['content-security-policy']);
    expect(csp).toMatch(/img-src 'self' data: blob: https:\/\/t\*\.tiles\.example\.cn(;|$)/);
    expect(consoleCsp('n', undefined)).toContain("img-src 'self' data: blob:;");
  });

  it('says plainly that the console is not built, when it is not', async () => {
    const res = await missing.inject({ url: '/' });
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('npm run console:build');
  });
});

describe('MAP_TILE_URL and MAP_TILE_CRS', () => {
  it('default to no tiles in WGS84', () => {
    const config = loadConfig({});
    expect(config.MAP_TILE_URL).toBeUndefined();
    expect(config.MAP_TILE_CRS).toBe('WGS84');
  });

  it('refuse a datum other than WGS84 or GCJ02 and a URL that could break out of the CSP', () => {
    expect(() => loadConfig({ MAP_TILE_CRS: 'BD09' })).toThrow(new ConfigError('Invalid configuration: MAP_TILE_CRS: MAP_TILE_CRS must be WGS84 or GCJ02'));
    expect(() => loadConfig({ MAP_TILE_URL: "https://x.example/{z}/{x}/{y}.png; script-src 'unsafe-inline'" })).toThrow(/MAP_TILE_URL/);
    expect(() => loadConfig({ MAP_TILE_URL: 'javascript:alert(1)' })).toThrow(/MAP_TILE_URL/);
    expect(loadConfig({ MAP_TILE_URL: '/tiles/{z}/{x}/{y}.png' }).MAP_TILE_URL).toBe('/tiles/{z}/{x}/{y}.png');
  });
});
