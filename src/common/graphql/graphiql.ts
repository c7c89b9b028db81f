import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';

/**
 * The in-browser IDE (GraphiQL) served entirely by this server, so that it works on an
 * office intranet with no internet: GraphiQL's, React's and ReactDOM's browser builds come
 * from their npm packages in node_modules, our page and its script from here. The page has
 * no inline script or style and is sent with a Content-Security-Policy that allows only
 * this origin (fonts are data: URIs inside GraphiQL's stylesheet).
 */

const require = createRequire(import.meta.url);

interface Asset {
  type: string;
  /** Read on first request and kept. */
  load: () => Buffer;
  /** Package files carry their version in the name and never change under it. */
  immutable: boolean;
}

function packageFile(pkg: string, file: string): { name: string; load: () => Buffer } {
  const manifest = require.resolve(`${pkg}/package.json`);
  const version = (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
  const base = file.split('/').pop()!;
  return { name: base.replace(/^([^.]+)/, `$1-${version}`), load: () => readFileSync(join(dirname(manifest), file)) };
}

/** Renders GraphiQL into #graphiql with a fetcher for /graphql (HTTP) and its WebSocket (subscriptions). */
const APP_JS = `(function () {
  'use strict';
  var origin = window.location.origin;
  var ws = (window.location.protocol === 'https:' ? 'wss://' : 'ws://') + window.location.host + '/graphql';
  var fetcher = GraphiQL.createFetcher({ url: origin + '/graphql', subscriptionUrl: ws });
  var defaultQuery = [
    '# 网格化基层治理 GraphQL',
    '# Sign in with the login mutation, then put {"authorization": "Bearer <token>"} under Headers.',
    '',
    '{',
    '  __typename',
    '}',
    '',
  ].join('\\n');
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, { fetcher: fetcher, defaultQuery: defaultQuery, shouldPersistHeaders: true, defaultEditorToolsVisibility: 'headers' }),
  );
})();
`;

const PAGE_CSS = `html, body { margin: 0; height: 100%; overflow: hidden; }
#graphiql { height: 100vh; }
`;

/** Only this origin: no inline script or style (the browser test checks the IDE raises no violation). */
export const GRAPHIQL_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Registers GET /graphiql and its assets (outside production only; the caller decides). */
export function registerGraphiQL(fastify: FastifyInstance): void {
  const react = packageFile('react', 'umd/react.production.min.js');
  const reactDom = packageFile('react-dom', 'umd/react-dom.production.min.js');
  const graphiqlJs = packageFile('graphiql', 'graphiql.min.js');
  const graphiqlCss = packageFile('graphiql', 'graphiql.min.css');
  const assets = new Map<string, Asset>([
    [react.name, { type: 'text/javascript; charset=utf-8', load: react.load, immutable: true }],
    [reactDom.name, { type: 'text/javascript; charset=utf-8', load: reactDom.load, immutable: true }],
    [graphiqlJs.name, { type: 'text/javascript; charset=utf-8', load: graphiqlJs.load, immutable: true }],
    [graphiqlCss.name, { type: 'text/css; charset=utf-8', load: graphiqlCss.load, immutable: true }],
    ['app.js', { type: 'text/javascript; charset=utf-8', load: () => Buffer.from(APP_JS), immutable: false }],
    ['page.css', { type: 'text/css; charset=utf-8', load: () => Buffer.from(PAGE_CSS), immutable: false }],
  ]);
  const cache = new Map<string, Buffer>();
  const asset = (name: string) => `/graphiql/assets/${name}`;
  const page = `<!DOCTYPE html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <title>GraphiQL · 网格化基层治理</title>
  <meta name="robots" content="noindex">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="stylesheet" href="${asset(graphiqlCss.name)}">
  <link rel="stylesheet" href="${asset('page.css')}">
</head>
<body>
  <div id="graphiql">Loading GraphiQL…</div>
  <script src="${asset(react.name)}"></script>
  <script src="${asset(reactDom.name)}"></script>
  <script src="${asset(graphiqlJs.name)}"></script>
  <script src="${asset('app.js')}"></script>
</body>
</html>
`;

  fastify.get('/graphiql', async (_request, reply) => {
    return reply
      .header('content-security-policy', GRAPHIQL_CSP)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'no-cache')
      .type('text/html; charset=utf-8')
      .send(page);
  });
  fastify.get<{ Params: { name: string } }>('/graphiql/assets/:name', async (request, reply) => {
    const found = assets.get(request.params.name);
    if (!found) return reply.code(404).type('text/plain; charset=utf-8').send('Not found');
    let body = cache.get(request.params.name);
    if (!body) cache.set(request.params.name, (body = found.load()));
    return reply
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', found.immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
      .type(found.type)
      .send(body);
  });
  // Earlier versions registered a service worker here that cached the IDE's scripts from a
  // CDN; browsers re-fetch it now and then, and this one removes itself.
  fastify.get('/graphiql/sw.js', async (_request, reply) => {
    return reply
      .header('cache-control', 'no-cache')
      .type('text/javascript; charset=utf-8')
      .send(`self.addEventListener('install', function () { self.skipWaiting(); });
self.addEventListener('activate', function () { self.registration.unregister(); });
`);
  });
}
