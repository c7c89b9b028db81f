import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import type { DestinationStream, Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { AppModule } from './app.module.js';
import { documentSizeHook, graphqlLimits } from './common/graphql/limits.js';
import { createLogger, PinoNestLogger } from './common/logging/logger.js';
import { mutationRateLimitHook } from './common/rate-limit/mutation-rate-limit.hook.js';
import { RateLimiter } from './common/rate-limit/rate-limiter.js';
import type { AppConfig } from './config/app-config.js';
import { createDataSource } from './database/data-source.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './database/embedded-postgres.js';
import { runMigrationsLocked } from './database/migration-runner.js';
import { SqlLogger } from './database/sql-logger.js';
import { AuthGuard } from './modules/auth/auth.guard.js';
import { bootstrapAdmin } from './modules/auth/bootstrap-admin.js';
import { AssessmentDemo } from './modules/assessment/index.js';
import { seedDemoIfEmpty } from './modules/org/import/demo-seed.js';

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
      seeded = await seedDemoIfEmpty(dataSource);
      if (seeded) logger.info({ units: seeded }, 'demo data loaded');
    }

    const adapter = new FastifyAdapter({
      loggerInstance: logger,
      genReqId: requestId,
      bodyLimit: 1024 * 1024,
      return503OnClosing: true,
    });
    app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot({ config, dataSource, logger }), adapter, {
      logger: new PinoNestLogger(logger),
      abortOnError: false,
    });
    registerHttpRules(app.getHttpAdapter().getInstance(), config);
    await app.init();
    // The demo street's history and supervision, once, with the tree just loaded (through the modules' services).
    if (seeded) {
      await app.get(AssessmentDemo).seed();
      logger.info('demo assessment history loaded');
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
  graphql.addHook('preExecution', mutationRateLimitHook(limiter, (ctx) => auth.resolveActor(ctx)));
}

type AddHook = (name: 'preParsing' | 'preExecution', fn: (...args: any[]) => Promise<void>) => void;

/** A caller's X-Request-Id when it is sane, else a fresh one; echoed on the response. */
function requestId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(given) ? given : randomUUID();
}

/**
 * HTTP rules around GraphQL: POST must carry JSON (a form or text/plain POST is how
 * cross-site requests forge mutations); GET serves queries only (Mercurius refuses
 * mutations over GET); a browser opening /graphql outside production gets the IDE.
 */
function registerHttpRules(fastify: FastifyInstance, config: AppConfig): void {
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
}
