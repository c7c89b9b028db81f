import type { PreparedSql } from '../../src/database/queries.js';
import { sqlText } from '../../src/database/queries.js';
import type { TestServer } from './test-server.js';

/**
 * Records the text of every statement the server sends from now on (the server's own SQL
 * logger still counts and logs them). `stop` puts the logger back as it was.
 */
export function recordSql(server: TestServer): { texts: string[]; stop(): void } {
  const texts: string[] = [];
  const logger = server.sqlLogger;
  const original = logger.logQuery;
  logger.logQuery = (query: string | PreparedSql) => {
    texts.push(sqlText(query));
    original.call(logger, query);
  };
  return {
    texts,
    stop: () => {
      logger.logQuery = original;
    },
  };
}
