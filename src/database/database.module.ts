import { Global, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Transactions } from './transactions.js';

/** Provides the already initialised DataSource; closes its pool when the app shuts down. */
@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  static forRoot(dataSource: DataSource): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [{ provide: DataSource, useValue: dataSource }, Transactions],
      exports: [DataSource, Transactions],
    };
  }

  constructor(private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
