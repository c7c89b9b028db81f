import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import type { DestinationStream, Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { AppModule } from './app.module.js';
import { registerGraphiQL } from './common/graphql/graphiql.js';
import { documentSizeHook, graphqlLimits } from './common/graphql/limits.js';
import { GRAPHQL_RESPONSE_JSON, JSON_TYPE, prefersGraphQLResponseJson } from './common/graphql/media-type.js';
import { createLogger, PinoNestLogger } from './common/logging/logger.js';
import { mutationRateLimitHook } from './common/rate-limit/mutation-rate-limit.hook.js';
import { RateLimiter } from './common/rate-limit/rate-limiter.js';
import type { AppConfig } from './config/app-config.js';
import { createDataSource } from './database/data-source.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './database/embedded-postgres.js';
import { runMigrationsLocked } from './database/migration-runner.js';
import { SqlLogger } from './database/sql-logger.js';
import { AssessmentDemo } from './modules/assessment/index.js';
import { AuthGuard } from './modules/auth/index.js';
import { bootstrapAdmin } from './modules/people/index.js';
import { DuplicateDemo, guardLiveSockets, liveLimits, RATE_LIMITED_QUERIES } from './modules/requests/index.js';
import { registerConsoleRoutes } from './modules/console/index.js';
import { seedDemo } from './demo-seed.js';

export interface StartOptions {
  config: AppConfig;
  /** Where the JSON log goes (default stdout). */
  logStream?: DestinationStream;
  host?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  app: NestFastifyApplication;
  dataSource: DataSource;
  sqlLogger: SqlLogger;
  logger: Logger;
  /** Drains HTTP, closes the pool, stops the embedded database: in that order. */
  close(): Promise<void>;
}

/**
 * Starts everything: the database (embedded when DATABASE_URL is unset), migrations
 * under an advisory lock, the demo seed, then HTTP. Used by main.ts and by the tests.
 */
export async function startServer({ config, logStream, host = '0.0.0.0' }: StartOptions): Promise<RunningServer> {
  const logger = createLogger(config.LOG_LEVEL, logStream);
  let embedded: EmbeddedDatabase | undefined;
  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres(config.DATA_DIR, (message) => logger.info(message));
    databaseUrl = embedded.url;
    logger.info({ dataDir: config.DATA_DIR }, 'embedded PostgreSQL is up');
  }

  const sqlLogger = new SqlLogger(
    (message, detail) => logger.debug(detail ?? {}, message),
    (message, detail) => logger.warn(detail ?? {}, message),
  );
  const dataSource = createDataSource({
    url: databaseUrl,
    poolSize: config.DB_POOL_SIZE,
    statementTimeoutMs: config.STATEMENT_TIMEOUT_MS,
    logger: sqlLogger,
  });

  let app: NestFastifyApplication | undefined;
  try {
    await dataSource.initialize();
    const applied = await runMigrationsLocked(dataSource);
    if (applied.length > 0) logger.info({ migrations: applied }, 'migrations applied');
    await bootstrapAdmin(dataSource, config, (line) => process.stdout.write(`${line}\n`));
    let seeded = 0;
    if (config.seedDemo) {
      const { units, volunteers } = await seedDemo(dataSource);
      seeded = units;
      if (units) logger.info({ units }, 'demo data loaded');
      if (volunteers) logger.info({ volunteers }, 'volunteer demo data loaded');
    }

    const adapter = new FastifyAdapter({
      loggerInstance: logger,
      genReqId: requestId,
      bodyLimit: 1024 * 1024,
      return503OnClosing: true,
      // Behind a reverse proxy (TRUST_PROXY), request.ip is the client's address from
      // X-Forwarded-For; otherwise the header is ignored and the peer is the client.
      trustProxy: fastifyTrustProxy(config.trustProxy),
    });
    app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot({ config, dataSource, logger }), adapter, {
      logger: new PinoNestLogger(logger),
      abortOnError: false,
    });
    registerHttpRules(app.getHttpAdapter().getInstance(), config);
    registerConsoleRoutes(app.getHttpAdapter().getInstance(), config);
    // Before init, when Mercurius adds its WebSocket route: oversized subscribe messages are
    // refused before Mercurius parses them.
    guardLiveSockets(app.getHttpAdapter().getInstance(), '/graphql', liveLimits(config));
    await app.init();
    // The demo street's history and supervision, once, with the tree just loaded (through the modules' services).
    if (seeded) {
      await app.get(AssessmentDemo).seed();
      await app.get(DuplicateDemo).seed();
      logger.info('demo assessment history and duplicate street-light reports loaded');
    }
    registerGraphQLHooks(app, config, dataSource, logger);
    await app.listen(config.PORT, host);
  } catch (error) {
    await app?.close().catch(() => undefined);
    if (dataSource.isInitialized) await dataSource.destroy().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    throw error;
  }

  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const running = app;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    app: running,
    dataSource,
    sqlLogger,
    logger,
    close: () =>
      (closing ??= (async () => {
        await running.close();
        if (dataSource.isInitialized) await dataSource.destroy();
        await embedded?.stop();
      })()),
  };
}

/**
 * Mercurius hooks (after init, when Mercurius is registered): documents over the byte or
 * token limit are refused before parsing; each mutation operation counts against the
 * caller's and the address's rate limit before any resolver runs.
 */
function registerGraphQLHooks(app: NestFastifyApplication, config: AppConfig, dataSource: DataSource, logger: Logger): void {
  const graphql = (app.getHttpAdapter().getInstance() as unknown as { graphql: { addHook: AddHook } }).graphql;
  graphql.addHook('preParsing', documentSizeHook(graphqlLimits(config)));
  const limiter = new RateLimiter(dataSource, config.RATE_LIMIT_PER_MINUTE, (err) => logger.warn({ err }, 'rate-limit prune failed'));
  const auth = app.get(AuthGuard);
  graphql.addHook('preExecution', mutationRateLimitHook(limiter, (ctx) => auth.resolveActor(ctx), RATE_LIMITED_QUERIES));
}

type AddHook = (name: 'preParsing' | 'preExecution', fn: (...args: any[]) => Promise<void>) => void;

/** A hop count as the function Fastify makes of one (its adapter's types take no number). */
function fastifyTrustProxy(trust: false | number | string[]): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof trust === 'number' ? (_address, hop) => hop < trust : trust;
}

/** A caller's X-Request-Id when it is sane, else a fresh one; echoed on the response. */
function requestId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(given) ? given : randomUUID();
}

/**
 * HTTP rules around GraphQL: POST must carry JSON (a form or text/plain POST is how
 * cross-site requests forge mutations); GET serves queries only (Mercurius refuses
 * mutations over GET); a browser opening /graphql outside production gets the IDE.
 * GraphQL over HTTP: `"extensions": null` is the same as none, and a client that accepts
 * application/graphql-response+json gets its answer with that media type (the status rules
 * that go with it are in the error formatter).
 */
function registerHttpRules(fastify: FastifyInstance, config: AppConfig): void {
  // The IDE's page and assets, all from this server (an intranet may have no internet).
  if (!config.production) registerGraphiQL(fastify);
  fastify.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    const path = request.url.split('?')[0];
    if (path !== '/graphql') return;
    if (request.method === 'POST') {
      const type = String(request.headers['content-type'] ?? '').toLowerCase();
      if (!type.startsWith('application/json') && !type.startsWith('application/graphql-response+json')) {
        return reply.code(415).send({
          data: null,
          errors: [{ message: 'POST /graphql needs Content-Type: application/json', extensions: { code: 'BAD_USER_INPUT' } }],
        });
      }
    } else if (request.method === 'GET' && !config.production && !request.url.includes('?')) {
      if (String(request.headers.accept ?? '').includes('text/html')) return reply.redirect('/graphiql', 302);
    }
  });
  fastify.addHook('preValidation', async (request, reply) => {
    if (request.method !== 'POST' || request.url.split('?')[0] !== '/graphql') return;
    const body = request.body as Record<string, unknown> | null | undefined;
    if (!body || typeof body !== 'object' || Array.isArray(body)) return;
    if (body.extensions === null) delete body.extensions;
    // Checked before the route's schema, which would coerce a number or an array into a string.
    const wrong = badRequestParameter(body);
    if (wrong) {
      return reply.code(400).send({ errors: [{ message: `${wrong} has the wrong type`, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] });
    }
  });
  fastify.addHook('onSend', async (request, reply, payload) => {
    if (request.url.split('?')[0] !== '/graphql' || !prefersGraphQLResponseJson(request.headers.accept)) return payload;
    const type = String(reply.getHeader('content-type') ?? '');
    if (type.startsWith(JSON_TYPE)) reply.header('content-type', `${GRAPHQL_RESPONSE_JSON}; charset=utf-8`);
    return payload;
  });
}

/** The GraphQL-over-HTTP request parameter of a POST body with the wrong JSON type, if any. */
function badRequestParameter(body: Record<string, unknown>): string | undefined {
  const isObject = (value: unknown) => value !== null && typeof value === 'object' && !Array.isArray(value);
  if ('query' in body && typeof body.query !== 'string') return 'query';
  if (body.operationName != null && typeof body.operationName !== 'string') return 'operationName';
  if (body.variables != null && !isObject(body.variables)) return 'variables';
  if (body.extensions != null && !isObject(body.extensions)) return 'extensions';
  return undefined;
}
