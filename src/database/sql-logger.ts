import type { Logger as TypeOrmLogger } from 'typeorm';
import { redactDatabaseMessage } from '../common/logging/logger.js';
import { sqlText, type PreparedSql } from './queries.js';

type LogFn = (message: string, detail?: Record<string, unknown>) => void;

/**
 * TypeORM's logger: counts every statement sent (tests read the count to prove there is
 * no N+1) and logs statements at debug level without their parameters, which may hold
 * personal data.
 */
export class SqlLogger implements TypeOrmLogger {
  statementCount = 0;

  constructor(
    private readonly debug: LogFn = () => undefined,
    private readonly warn: LogFn = () => undefined,
  ) {}

  logQuery(query: string | PreparedSql): void {
    this.statementCount++;
    const sql = sqlText(query);
    this.debug('sql', { sql: sql.length > 500 ? `${sql.slice(0, 500)}…` : sql });
  }
  logQueryError(error: string | Error, query: string | PreparedSql): void {
    this.debug('sql failed', { sql: sqlText(query).slice(0, 500), error: redactDatabaseMessage(error instanceof Error ? error.message : error) });
  }
  logQuerySlow(time: number, query: string | PreparedSql): void {
    this.warn('slow sql', { ms: time, sql: sqlText(query).slice(0, 500) });
  }
  logSchemaBuild(): void {}
  logMigration(message: string): void {
    this.debug(message);
  }
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.warn(String(message));
  }
}
