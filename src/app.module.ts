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
import { readPropertiesDirectly, withFieldMaps, type ResolverMap } from './common/graphql/field-maps.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createMercuriusErrorFormatter } from './common/graphql/error-formatter.js';
import { graphqlLimitRules, graphqlLimits } from './common/graphql/limits.js';
import { connectionResolvers } from './common/paging/paging.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { AssessmentFieldMaps, AssessmentModule } from './modules/assessment/index.js';
import { AuditModule } from './modules/audit/index.js';
import { CalendarModule } from './modules/calendar/index.js';
import { AuthGuard, AuthModule } from './modules/auth/index.js';
import { FacilitiesModule } from './modules/facilities/index.js';
import { HealthModule } from './modules/health/index.js';
import { NodeModule } from './modules/node/index.js';
import { Open311Module } from './modules/open311/index.js';
import { OrgFieldMaps, OrgModule } from './modules/org/index.js';
import { PeopleFieldMaps, PeopleModule } from './modules/people/index.js';
import { liveLimits, liveSubscriptionHooks, liveSubscriptionOptions, RequestsFieldMaps, RequestsModule } from './modules/requests/index.js';
import { VolunteersFieldMaps, VolunteersModule } from './modules/volunteers/index.js';

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
        // Async to reach the auth guard (subscriptions' connection_init) and the modules' field maps.
        GraphQLModule.forRootAsync<MercuriusDriverConfig>({
          driver: MercuriusDriver,
          imports: [AuthModule, OrgModule, PeopleModule, RequestsModule, AssessmentModule, VolunteersModule],
          inject: [AuthGuard, OrgFieldMaps, PeopleFieldMaps, RequestsFieldMaps, AssessmentFieldMaps, VolunteersFieldMaps],
          useFactory: (
            auth: AuthGuard,
            ...fieldMaps: [OrgFieldMaps, PeopleFieldMaps, RequestsFieldMaps, AssessmentFieldMaps, VolunteersFieldMaps]
          ): MercuriusDriverConfig => {
            // Depth, alias and cost limits (limits.ts); sizes are checked in a preParsing hook (server.ts).
            const validationRules = [...graphqlLimitRules(graphqlLimits(config)), ...(config.production ? [NoSchemaIntrospectionCustomRule] : [])];
            let resolvers: ResolverMap[] = [];
            return {
              autoSchemaFile: true,
              // Hot fields are answered by the modules' field maps, called by GraphQL directly, and
              // plain fields are read as properties (field-maps.ts).
              transformResolvers: (found) => (resolvers = [...withFieldMaps(found, fieldMaps), connectionResolvers()]),
              transformSchema: (schema) => readPropertiesDirectly(schema, resolvers),
              path: '/graphql',
              // GraphiQL at /graphiql is served by server.ts from local assets (Mercurius's loads a CDN);
              // a browser opening /graphql is sent there.
              graphiql: false,
              allowBatchedQueries: false,
              jit: 1,
              validationRules,
              context: (req: FastifyRequest, reply: FastifyReply) => createGqlContext(req, reply),
              errorFormatter: createMercuriusErrorFormatter(
                (error) => logger.error({ err: error }, 'unexpected error in a GraphQL operation'),
                config.production,
              ),
              // serviceRequestChanged over WebSocket at /graphql (graphql-ws); Mercurius does not
              // validate subscription documents itself, so a hook applies the same rules.
              // Connections per user and subscriptions per connection are limited (WS_MAX_*).
              subscription: liveSubscriptionOptions(auth, liveLimits(config)),
              hooks: liveSubscriptionHooks(validationRules),
            };
          },
        }),
        NodeModule,
        HealthModule,
        AuditModule,
        CalendarModule,
        AuthModule,
        OrgModule,
        PeopleModule,
        FacilitiesModule,
        RequestsModule,
        VolunteersModule,
        AssessmentModule,
        Open311Module,
      ],
      providers: [
        { provide: APP_PIPE, useClass: InputValidationPipe },
        { provide: APP_FILTER, useClass: RethrowToGraphQLFilter },
      ],
    };
  }
}
