import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppConfig } from '../../config/app-config.js';

/** Paths the console never answers for: the API's own (a wrong one there is a plain 404). */
const API_PREFIXES = ['/graphql', '/graphiql', '/health', '/open311'];

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** The repository root: the first folder upwards holding package.json (src/ under vitest, dist/src/ when built). */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
  return dir;
}

export const CONSOLE_PLACEHOLDER_NONCE = '__CSP_NONCE__';

/**
 * The console's Content-Security-Policy: scripts only from this server (no inline script);
 * styles from this server plus the per-response nonce antd's CSS-in-JS puts on its <style>
 * elements; images also from the tile server when one is configured.
 */
export function consoleCsp(nonce: string, tileUrl: string | undefined): string {
  const tileOrigin = tileUrl && /^https?:\/\//.test(tileUrl) ? tileOrigins(tileUrl) : [];
  return [
    "default-src 'self'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}' 'report-sample'`,
    ['img-src', "'self'", 'data:', 'blob:', ...tileOrigin].join(' '),
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** A tile template's origin; `{s}` subdomains become a wildcard of the rest of the host. */
function tileOrigins(template: string): string[] {
  const match = /^(https?:\/\/)([^/]+)/.exec(template);
  if (!match) return [];
  const host = match[2].replace(/\{s\}/g, '*');
  return [`${match[1]}${host}`];
}

/**
 * Serves the built console (dist-console/) at `/`: hashed assets with long caching,
 * index.html with a fresh CSP nonce for every client route (SPA fallback), and
 * /console-config.json with what the console needs to know of the server's configuration.
 * The API's paths are left alone.
 */
export function registerConsoleRoutes(fastify: FastifyInstance, config: AppConfig, distDir = join(repoRoot(), 'dist-console')): void {
  const root = resolve(distDir);
  // index.html names the hashed assets of the last build: read again when a rebuild replaced it.
  let index: { mtimeMs: number; text: string } | undefined;
  const readIndex = (): string | undefined => {
    const file = join(root, 'index.html');
    let mtimeMs: number;
    try {
      mtimeMs = statSync(file).mtimeMs;
    } catch {
      return undefined;
    }
    if (index?.mtimeMs !== mtimeMs) index = { mtimeMs, text: readFileSync(file, 'utf8') };
    return index.text;
  };

  const consoleConfig = JSON.stringify({
    mapTileUrl: config.MAP_TILE_URL ?? null,
    mapTileCrs: config.MAP_TILE_CRS,
    production: config.production,
  });

  const sendIndex = (reply: FastifyReply) => {
    const template = readIndex();
    if (!template) {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The console is not built: run `npm run console:build` (npm start does it).\n');
    }
    const nonce = randomBytes(16).toString('base64');
    return reply
      .header('content-security-policy', consoleCsp(nonce, config.MAP_TILE_URL))
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'same-origin')
      .type(CONTENT_TYPES['.html'])
      .send(template.replaceAll(CONSOLE_PLACEHOLDER_NONCE, nonce));
  };

  fastify.get('/console-config.json', async (_request, reply) =>
    reply.header('cache-control', 'no-store').type(CONTENT_TYPES['.json']).send(consoleConfig),
  );

  fastify.get('/', async (_request, reply) => sendIndex(reply));

  fastify.get('/*', async (request, reply) => {
    const path = decodeURIComponentSafe(request.url.split('?')[0]);
    if (path === undefined || API_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`) || path.startsWith(`${p}.`))) {
      return reply.code(404).send({ message: `Route ${request.method}:${request.url.split('?')[0]} not found`, statusCode: 404 });
    }
    const file = resolve(root, `.${path}`);
    if (extname(path) !== '') {
      if (!file.startsWith(root + sep) || !isFile(file)) return reply.code(404).type('text/plain; charset=utf-8').send('Not found\n');
      const immutable = path.startsWith('/assets/');
      // The build's brotli or gzip copy when the browser takes it (console/build.mjs makes them).
      const encoding = immutable ? precompressed(file, request.headers['accept-encoding']) : undefined;
      const body = await readFile(encoding ? `${file}.${ENCODING_SUFFIX[encoding]}` : file);
      if (encoding) reply.header('content-encoding', encoding);
      if (immutable) reply.header('vary', 'accept-encoding');
      return reply
        .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
        .header('x-content-type-options', 'nosniff')
        .type(CONTENT_TYPES[extname(file)] ?? 'application/octet-stream')
        .send(body);
    }
    // A client route (/tree, /queue/…): the console's page, whose router takes it from here.
    return sendIndex(reply);
  });
}

const ENCODING_SUFFIX = { br: 'br', gzip: 'gz' } as const;

/** The best encoding the browser accepts of those the build wrote beside `file`, if any. */
function precompressed(file: string, acceptEncoding: string | string[] | undefined): keyof typeof ENCODING_SUFFIX | undefined {
  const accepted = new Set(
    String(acceptEncoding ?? '')
      .split(',')
      .map((part) => part.trim().split(';'))
      .filter(([, q]) => !q || !/^q=0(\.0*)?$/.test(q.trim()))
      .map(([name]) => name.trim().toLowerCase()),
  );
  for (const encoding of ['br', 'gzip'] as const) {
    if (accepted.has(encoding) && isFile(`${file}.${ENCODING_SUFFIX[encoding]}`)) return encoding;
  }
  return undefined;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function decodeURIComponentSafe(path: string): string | undefined {
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined;
  }
}
