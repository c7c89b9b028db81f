import type { ExecutionResult, GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../errors/domain-error.js';
import { formatGraphQLError, type ErrorReporter } from '../errors/format-error.js';

interface MercuriusLikeError {
  code?: string;
  statusCode?: number;
  errors?: unknown[];
}

const PRE_EXECUTION = new Set<string>([ErrorCode.GRAPHQL_PARSE_FAILED, ErrorCode.GRAPHQL_VALIDATION_FAILED]);

/**
 * Mercurius's errorFormatter: every error goes through the one pipeline
 * (formatGraphQLError). Documents that never executed answer 400 (405 for a mutation sent
 * with GET); executed ones answer 200 with `errors`, as GraphQL over HTTP says.
 */
export function createMercuriusErrorFormatter(report: ErrorReporter, hideSuggestions: boolean) {
  return (execution: ExecutionResult & { statusCode?: number }) => {
    let statusCode = 200;
    const errors: GraphQLFormattedError[] = [];
    for (const error of execution.errors ?? []) {
      const original = (error as GraphQLError).originalError as MercuriusLikeError | undefined;
      if (original && Array.isArray(original.errors)) {
        // Mercurius wraps parse and validation failures of graphql-js in one error.
        for (const inner of original.errors) {
          errors.push(preExecution(inner as GraphQLError, hideSuggestions));
        }
        // 400, or Mercurius's own 4xx (405 for a mutation sent with GET).
        statusCode = original.statusCode && original.statusCode > 400 && original.statusCode < 500 ? original.statusCode : 400;
        continue;
      }
      if (original?.code?.startsWith('MER_ERR') || original?.code?.startsWith('FST_')) {
        statusCode = original.statusCode && original.statusCode >= 400 && original.statusCode < 500 ? original.statusCode : 400;
        // Transport refusals (a mutation over GET, no query): the document is not acceptable.
        errors.push({ message: (error as GraphQLError).message, extensions: { code: ErrorCode.GRAPHQL_VALIDATION_FAILED } });
        continue;
      }
      const json = error instanceof GraphQLError ? error.toJSON() : { message: String((error as Error)?.message) };
      const formatted = formatGraphQLError(json, error, report);
      if (!execution.data && PRE_EXECUTION.has(String(formatted.extensions?.code))) statusCode = 400;
      // A mutation refused by the rate limit before it executed (no path): 429, with Retry-After.
      if (!execution.data && !formatted.path && formatted.extensions?.code === ErrorCode.RATE_LIMITED) statusCode = 429;
      errors.push(formatted);
    }
    return { statusCode, response: { data: execution.data ?? null, errors } };
  };
}

function preExecution(error: GraphQLError, hideSuggestions: boolean): GraphQLFormattedError {
  const message = String(error?.message ?? 'Invalid document');
  const code = message.startsWith('Syntax Error') ? ErrorCode.GRAPHQL_PARSE_FAILED : ErrorCode.GRAPHQL_VALIDATION_FAILED;
  return {
    message: hideSuggestions ? message.replace(/\s*Did you mean .*$/, '') : message,
    locations: error?.locations,
    extensions: { code },
  };
}
