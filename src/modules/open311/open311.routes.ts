import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { limitAddress } from '../../common/rate-limit/index.js';
import { CONTENT_TYPE, errorDocument, render, type Format, type GeoReportDocument } from './georeport-format.js';
import { Open311Error, Open311Service, type Params } from './open311.service.js';

export const OPEN311_PREFIX = '/open311/v2';
/** Forms are small: the longest field is a 4,000-character description. */
const FORM_BODY_LIMIT = 64 * 1024;

/** `.json` answers JSON, `.xml` or no suffix XML. */
function splitFormat(name: string): { name: string; format: Format } {
  if (name.endsWith('.json')) return { name: name.slice(0, -5), format: 'json' };
  if (name.endsWith('.xml')) return { name: name.slice(0, -4), format: 'xml' };
  return { name, format: 'xml' };
}

const formatOfUrl = (url: string): Format => splitFormat(url.split('?')[0]).format;

/** The first value of each parameter (a repeated one keeps its first); `attribute[…]` fields are ignored: we publish none. */
function paramsOf(...sources: unknown[]): Params {
  const params: Params = {};
  for (const source of sources) {
    if (!source || typeof source !== 'object') continue;
    for (const [key, raw] of Object.entries(source)) {
      if (key.startsWith('attribute[')) continue;
      const value = Array.isArray(raw) ? raw[0] : raw;
      if (typeof value === 'string') params[key] = value;
      else if (typeof value === 'number' || typeof value === 'boolean') params[key] = String(value);
    }
  }
  return params;
}

function send(reply: FastifyReply, status: number, format: Format, doc: GeoReportDocument): FastifyReply {
  return reply.code(status).header('content-type', CONTENT_TYPE[format]).header('cache-control', 'no-store').send(render(doc, format));
}

/**
 * The GeoReport v2 routes on the server's own Fastify instance, at /open311/v2/. They live in
 * their own Fastify plugin, so the form parser (the specification posts
 * application/x-www-form-urlencoded) and the error and not-found handlers apply to them
 * alone: /graphql keeps refusing forms.
 */
@Injectable()
export class Open311Routes implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly open311: Open311Service,
  ) {}

  async onModuleInit(): Promise<void> {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    await fastify.register((instance, _options, done) => {
      this.routes(instance);
      done();
    }, { prefix: OPEN311_PREFIX });
  }

  private routes(app: FastifyInstance): void {
    if (app.hasContentTypeParser('application/x-www-form-urlencoded')) app.removeContentTypeParser('application/x-www-form-urlencoded');
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT }, (_request, body, done) => {
      const form: Record<string, string> = {};
      for (const [key, value] of new URLSearchParams(body as string)) if (!(key in form)) form[key] = value;
      done(null, form);
    });

    const notFound = (request: FastifyRequest, reply: FastifyReply) =>
      send(reply, 404, formatOfUrl(request.url), errorDocument(404, `No such resource: ${request.method} ${request.url.split('?')[0]}`));
    app.setNotFoundHandler(notFound);
    // The console's catch-all (GET /*) would otherwise answer unknown Open311 paths with its page.
    app.all('/*', notFound);
    app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
      const format = formatOfUrl(request.url);
      if (error instanceof Open311Error) {
        if (error.retryAfterSeconds) reply.header('retry-after', String(error.retryAfterSeconds));
        return send(reply, error.status, format, errorDocument(error.status, error.description));
      }
      const status = error.statusCode ?? 500;
      if (status >= 400 && status < 500) {
        // Fastify's own refusals (an unreadable body, an unknown content type, a body too large).
        return send(reply, 400, format, errorDocument(400, `The request could not be read (${status}): send the form as application/x-www-form-urlencoded`));
      }
      request.log.error({ err: error }, 'unexpected error in an Open311 request');
      return send(reply, 500, format, errorDocument(500, 'Internal error; it has been logged'));
    });

    const address = (request: FastifyRequest) => request.ip ?? null;
    /** Public reads count against the caller's address; a POST against its key and address (in the service). */
    // Counted like the GraphQL mutations' limit: IPv6 by its /64 (limitAddress).
    const readLimit = (request: FastifyRequest) => this.open311.limit([`open311-read:${limitAddress(address(request)) ?? 'unknown'}`]);

    const fixed = (path: string, method: 'GET' | 'POST', answer: (request: FastifyRequest, params: Params) => Promise<GeoReportDocument> | GeoReportDocument) => {
      for (const [suffix, format] of [['', 'xml'], ['.xml', 'xml'], ['.json', 'json']] as const) {
        app.route({
          method,
          url: `${path}${suffix}`,
          handler: async (request, reply) => {
            const params = paramsOf(request.query, method === 'POST' ? request.body : undefined);
            this.open311.checkJurisdiction(params);
            if (method === 'GET') await readLimit(request);
            return send(reply, 200, format, await answer(request, params));
          },
        });
      }
    };
    const named = (path: string, answer: (name: string) => Promise<GeoReportDocument>) => {
      app.get<{ Params: { name: string } }>(`${path}/:name`, async (request, reply) => {
        const { name, format } = splitFormat(request.params.name);
        this.open311.checkJurisdiction(paramsOf(request.query));
        await readLimit(request);
        return send(reply, 200, format, await answer(name));
      });
    };

    fixed('/discovery', 'GET', () => this.open311.discovery());
    fixed('/services', 'GET', () => this.open311.services());
    named('/services', (code) => this.open311.serviceDefinition(code));
    fixed('/requests', 'GET', (_request, params) => this.open311.listRequests(params));
    fixed('/requests', 'POST', (request, params) => this.open311.postRequest(params, address(request)));
    named('/requests', (number) => this.open311.getRequest(number));
    named('/tokens', async (token) => this.open311.tokenLookup(token));
  }
}
