import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import { NoSchemaIntrospectionCustomRule } from 'graphql';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { InputValidationPipe } from './common/errors/input-validation.pipe.js';
import { RethrowToGraphQLFilter } from './common/errors/rethrow.filter.js';
import { createGqlContext } from './common/graphql/context.js';
import { dropPropertyResolvers, FieldSources, wireFieldSources } from './common/graphql/field-sources.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createMercuriusErrorFormatter } from './common/graphql/error-formatter.js';
import { graphqlLimitRules, graphqlLimits } from './common/graphql/limits.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { AuditModule } from './modules/audit/audit.module.js';
import { AuthGuard } from './modules/auth/auth.guard.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { NodeModule } from './modules/node/node.module.js';
import { OrgModule } from './modules/org/org.module.js';
import { Open311Module } from './modules/open311/index.js';
import { PeopleModule } from './modules/people/people.module.js';
import { liveSubscriptionHooks, liveSubscriptionOptions } from './modules/requests/live/live-subscriptions.js';
import { RequestsModule } from './modules/requests/requests.module.js';

export interface AppModuleOptions {
  config: AppConfig;
  dataSource: DataSource;
  logger: Logger;
}

@Module({})
export class AppModule {
  static forRoot({ config, dataSource, logger }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(dataSource),
        // Async only to reach the auth guard (global AuthModule) for subscriptions' connection_init.
        GraphQLModule.forRootAsync<MercuriusDriverConfig>({
          driver: MercuriusDriver,
          inject: [AuthGuard, FieldSources],
          useFactory: (auth: AuthGuard, fields: FieldSources): MercuriusDriverConfig => {
            // Depth, alias and cost limits (limits.ts); sizes are checked in a preParsing hook (server.ts).
            const validationRules = [...graphqlLimitRules(graphqlLimits(config)), ...(config.production ? [NoSchemaIntrospectionCustomRule] : [])];
            return {
              autoSchemaFile: true,
              // Hot fields resolve straight from their sources, not through NestJS's async wrapper,
              // and plain fields are read as properties (field-sources.ts).
              transformSchema: (schema) => dropPropertyResolvers(wireFieldSources(schema)),
              path: '/graphql',
              // GraphiQL at /graphiql; a browser opening /graphql is sent there (see server.ts).
              graphiql: !config.production,
              allowBatchedQueries: false,
              jit: 1,
              validationRules,
              context: (req: FastifyRequest, reply: FastifyReply) => createGqlContext(req, reply, fields),
              errorFormatter: createMercuriusErrorFormatter(
                (error) => logger.error({ err: error }, 'unexpected error in a GraphQL operation'),
                config.production,
              ),
              // serviceRequestChanged over WebSocket at /graphql (graphql-ws); Mercurius does not
              // validate subscription documents itself, so a hook applies the same rules.
              subscription: liveSubscriptionOptions(auth, fields),
              hooks: liveSubscriptionHooks(validationRules),
            };
          },
        }),
        NodeModule,
        HealthModule,
        AuditModule,
        AuthModule,
        OrgModule,
        PeopleModule,
        RequestsModule,
        Open311Module,
      ],
      providers: [
        { provide: APP_PIPE, useClass: InputValidationPipe },
        { provide: APP_FILTER, useClass: RethrowToGraphQLFilter },
      ],
    };
  }
}
