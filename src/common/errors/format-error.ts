import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import { DomainError, ErrorCode } from './domain-error.js';
import { translatePgError } from './pg-errors.js';

const KNOWN_CODES = new Set<string>(Object.values(ErrorCode));

/** Codes that graphql-js or Apollo assign before execution, kept as they are. */
const PRE_EXECUTION_CODES: Record<string, ErrorCode> = {
  GRAPHQL_PARSE_FAILED: ErrorCode.GRAPHQL_PARSE_FAILED,
  GRAPHQL_VALIDATION_FAILED: ErrorCode.GRAPHQL_VALIDATION_FAILED,
  BAD_USER_INPUT: ErrorCode.BAD_USER_INPUT,
  PERSISTED_QUERY_NOT_FOUND: ErrorCode.GRAPHQL_VALIDATION_FAILED,
  PERSISTED_QUERY_NOT_SUPPORTED: ErrorCode.GRAPHQL_VALIDATION_FAILED,
  OPERATION_RESOLUTION_FAILURE: ErrorCode.GRAPHQL_VALIDATION_FAILED,
  BAD_REQUEST: ErrorCode.BAD_USER_INPUT,
};

export type ErrorReporter = (error: unknown) => void;

/**
 * The one error pipeline: domain errors keep their code and message; GraphQL's own
 * errors keep theirs; everything else becomes INTERNAL_SERVER_ERROR with a fixed message,
 * so no stack trace, SQL or driver text ever reaches a client.
 */
export function formatGraphQLError(
  formatted: GraphQLFormattedError,
  error: unknown,
  report: ErrorReporter,
): GraphQLFormattedError {
  const original = unwrap(error);
  const domain = original instanceof DomainError ? original : translatePgError(original);
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };

  if (domain) {
    return {
      ...base,
      message: domain.message,
      extensions: { code: domain.code, ...(domain.field ? { field: domain.field } : {}) },
    };
  }

  const code = String(formatted.extensions?.code ?? '');
  if (original instanceof GraphQLError || !(original instanceof Error)) {
    // graphql-js errors: parse, validation, variable coercion.
    const mapped = PRE_EXECUTION_CODES[code] ?? (KNOWN_CODES.has(code) ? (code as ErrorCode) : undefined);
    if (mapped) {
      const field = formatted.extensions?.field;
      return { ...base, extensions: { code: mapped, ...(field ? { field } : {}) } };
    }
    if (!formatted.path) {
      // An error outside execution that graphql-js raised: treat as an invalid document.
      return { ...base, extensions: { code: ErrorCode.GRAPHQL_VALIDATION_FAILED } };
    }
  }

  if (isDatabaseUnavailable(original)) {
    // Nothing was written (the transaction never committed): safe to retry, with the same
    // idempotency key or expectedVersion. The contract's codes are closed, so the code stays.
    return {
      ...base,
      message: 'The database is unavailable; try again shortly',
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, retryable: true },
    };
  }
  report(original);
  return { ...base, message: 'Internal server error', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
}

/** Connection failures and server shutdowns: the database is away, not the request wrong. */
function isDatabaseUnavailable(error: unknown): boolean {
  const e = ((error as { driverError?: unknown })?.driverError ?? error) as { code?: string; message?: string } | undefined;
  const code = typeof e?.code === 'string' ? e.code : '';
  if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', '57P01', '57P02', '57P03'].includes(code) || code.startsWith('08')) {
    return true;
  }
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(e?.message ?? '');
}

/** graphql-js and Mercurius may wrap a resolver's error more than once: find the thrown one. */
function unwrap(error: unknown): unknown {
  let current = error;
  while (current instanceof GraphQLError && current.originalError) current = current.originalError;
  return current;
}
