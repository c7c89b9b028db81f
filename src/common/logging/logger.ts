import type { LoggerService } from '@nestjs/common';
import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '../../config/app-config.js';

/**
 * Paths never written to the log: credentials, tokens and personal data that might sit in
 * a request or a GraphQL variable.
 */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.token',
  '*.phone',
  'variables',
];

/** What a database error may carry that holds data: its statement, its parameters, the driver's copy, the failing row. */
const DATABASE_ERROR_DATA = ['query', 'parameters', 'driverError', 'detail', 'where', 'internalQuery', 'internalPosition', 'hint'];

/** PostgreSQL quotes the values it complains about (`invalid input syntax for type date: "13812345678"`). */
export function redactDatabaseMessage(message: string): string {
  return message.replace(/"[^"]*"/g, '"[redacted]"');
}

/** A TypeORM QueryFailedError or a pg DatabaseError (SQLSTATE `code` and a `severity`). */
function isDatabaseError(err: Record<string, unknown>): boolean {
  return 'driverError' in err || 'parameters' in err || (typeof err.code === 'string' && /^[0-9A-Z]{5}$/.test(err.code) && 'severity' in err);
}

/**
 * pino's error serialiser, minus what a database error holds of the data: the SQL and its
 * parameters, the driver's error (a second copy of all that), the failing row (`detail`)
 * and the values quoted in its message and stack. The SQLSTATE, constraint, table and
 * column stay, which is what a reader of the log needs to find the cause.
 */
export function serializeError(error: unknown): unknown {
  const serialized = pino.stdSerializers.err(error as Error) as unknown;
  return scrub(serialized, 0);
}

function scrub(value: unknown, depth: number): unknown {
  if (!value || typeof value !== 'object' || depth > 4) return value;
  const err = value as Record<string, unknown>;
  if (!isDatabaseError(err)) {
    if (err.cause && typeof err.cause === 'object') return { ...err, cause: scrub(err.cause, depth + 1) };
    return value;
  }
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(err)) {
    if (DATABASE_ERROR_DATA.includes(key)) out[key] = '[redacted]';
    else if (key === 'message' && typeof field === 'string') out[key] = redactDatabaseMessage(field);
    else if (key === 'stack' && typeof field === 'string') {
      const message = typeof err.message === 'string' ? err.message : '';
      out[key] = redactDatabaseMessage(message ? field.split(message).join(redactDatabaseMessage(message)) : field);
    } else if (key === 'cause') out[key] = scrub(field, depth + 1);
    else out[key] = field;
  }
  return out;
}

export function createLogger(level: LogLevel, stream?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'grid-governance' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT, censor: '[redacted]' },
      serializers: {
        err: serializeError,
        // The query string of a GET /graphql holds the document and its variables: keep the path only.
        req: (req: { method: string; url: string; id?: string; ip?: string }) => ({
          id: req.id,
          method: req.method,
          url: req.url.split('?')[0],
          ip: req.ip,
        }),
      },
    },
    stream,
  );
}

/** Routes NestJS's own log lines into pino. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string) {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
  fatal(message: unknown, context?: string) {
    this.logger.fatal({ context }, String(message));
  }
}
