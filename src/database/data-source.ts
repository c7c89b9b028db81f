import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import { SqlLogger } from './sql-logger.js';
import { installTimestampParser } from './timestamp-parser.js';

export interface DataSourceOptions {
  url: string;
  poolSize?: number;
  statementTimeoutMs?: number;
  applicationName?: string;
  logger?: SqlLogger;
}

/**
 * One pg pool for the process. Every session gets a statement timeout and an
 * idle-in-transaction timeout, so a stuck request can never hold a connection for long.
 * Never `synchronize`: the schema is what the migrations say.
 */
export function createDataSource(options: DataSourceOptions): DataSource {
  installTimestampParser();
  const statementTimeout = options.statementTimeoutMs ?? 15_000;
  return new DataSource({
    type: 'postgres',
    url: options.url,
    synchronize: false,
    migrationsRun: false,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    entities: [],
    logger: options.logger ?? new SqlLogger(),
    maxQueryExecutionTime: 1000,
    applicationName: options.applicationName ?? 'grid-governance',
    extra: {
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: 10_000,
      idleTimeoutMillis: 30_000,
      statement_timeout: statementTimeout,
      idle_in_transaction_session_timeout: statementTimeout * 2,
      // JIT compiles for hundreds of ms on queries whose cost is overestimated (subtree counts);
      // our queries are short and index-bound, so it only ever costs.
      options: '-c timezone=UTC -c jit=off',
    },
  });
}
