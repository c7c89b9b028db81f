// Usage: node dist/server.js <apollo|mercurius> <port>
import 'reflect-metadata';
import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { OrgUnitModule } from './org-unit.js';

const driver = process.argv[2];
const port = Number(process.argv[3] ?? 3000);

async function main(): Promise<void> {
  let gql: DynamicModule;
  let app;
  if (driver === 'apollo') {
    const { ApolloDriver } = await import('@nestjs/apollo');
    gql = GraphQLModule.forRoot({ driver: ApolloDriver, autoSchemaFile: true, playground: false, introspection: false });
    @Module({ imports: [gql, OrgUnitModule] })
    class AppModule {}
    app = await NestFactory.create(AppModule, { logger: ['error', 'warn'] });
  } else if (driver === 'mercurius') {
    const { MercuriusDriver } = await import('@nestjs/mercurius');
    const { FastifyAdapter } = await import('@nestjs/platform-fastify');
    gql = GraphQLModule.forRoot({ driver: MercuriusDriver, autoSchemaFile: true, graphiql: false });
    @Module({ imports: [gql, OrgUnitModule] })
    class AppModule {}
    app = await NestFactory.create(AppModule, new FastifyAdapter(), { logger: ['error', 'warn'] });
  } else {
    throw new Error(`unknown driver ${driver}`);
  }
  app.enableShutdownHooks();
  await app.listen(port, '127.0.0.1');
  process.send?.({ ready: true, port });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
