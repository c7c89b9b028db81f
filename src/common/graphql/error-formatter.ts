import type { ExecutionResult, GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../errors/domain-error.js';
import { formatGraphQLError, type ErrorReporter } from '../errors/format-error.js';
import { prefersGraphQLResponseJson } from './media-type.js';

interface MercuriusLikeError {
  code?: string;
  statusCode?: number;
  errors?: unknown[];
}

const PRE_EXECUTION = new Set<string>([ErrorCode.GRAPHQL_PARSE_FAILED, ErrorCode.GRAPHQL_VALIDATION_FAILED]);

/** What Mercurius hands the formatter as its second argument: the request context, with the reply. */
interface FormatterContext {
  reply?: { request?: { headers?: Record<string, string | string[] | undefined> } };
}

/**
 * Mercurius's errorFormatter: every error goes through the one pipeline
 * (formatGraphQLError). GraphQL over HTTP: nothing that failed before execution has a
 * `data` entry. A document that does not parse or validate (limits included) or variables
 * that do not coerce answer 400 to a client that accepts application/graphql-response+json
 * and 200 to one that asks for application/json; a request that is not GraphQL at all (a
 * body that is not JSON, or not a GraphQL request) is 400, a mutation sent with GET 405 and
 * a refusal by the rate limit 429, whatever the client accepts. Executed operations
 * answer 200 with `errors`.
 */
export function createMercuriusErrorFormatter(report: ErrorReporter, hideSuggestions: boolean) {
  return (execution: ExecutionResult & { statusCode?: number }, context?: FormatterContext) => {
    let statusCode = 200;
    let notExecuted = false;
    let documentError = false;
    const errors: GraphQLFormattedError[] = [];
    for (const error of execution.errors ?? []) {
      const original = (error as GraphQLError).originalError as MercuriusLikeError | undefined;
      if (original && Array.isArray(original.errors)) {
        // Mercurius wraps parse and validation failures of graphql-js in one error (and the
        // body's schema validation failures, which are no GraphQL errors).
        for (const inner of original.errors) {
          errors.push(preExecution(inner as GraphQLError, hideSuggestions));
        }
        // 400, or Mercurius's own 4xx (405 for a mutation sent with GET).
        statusCode = original.statusCode && original.statusCode > 400 && original.statusCode < 500 ? original.statusCode : 400;
        notExecuted = true;
        documentError ||= original.errors.every((inner) => inner instanceof GraphQLError);
        continue;
      }
      if (original?.code?.startsWith('MER_ERR') || original?.code?.startsWith('FST_')) {
        statusCode = original.statusCode && original.statusCode >= 400 && original.statusCode < 500 ? original.statusCode : 400;
        notExecuted = true;
        // Transport refusals (a mutation over GET, no query): the document is not acceptable.
        errors.push({ message: (error as GraphQLError).message, extensions: { code: ErrorCode.GRAPHQL_VALIDATION_FAILED } });
        continue;
      }
      const json = error instanceof GraphQLError ? error.toJSON() : { message: String((error as Error)?.message) };
      const formatted = formatGraphQLError(json, error, report);
      const code = formatted.extensions?.code;
      if (!execution.data && !formatted.path && (PRE_EXECUTION.has(String(code)) || code === ErrorCode.BAD_USER_INPUT)) {
        // Before execution: an invalid document, one over a limit, or variables that do not coerce.
        statusCode = 400;
        notExecuted = true;
        documentError = true;
      }
      // A mutation refused by the rate limit before it executed (no path): 429, with Retry-After.
      if (!execution.data && !formatted.path && code === ErrorCode.RATE_LIMITED) statusCode = 429;
      errors.push(formatted);
    }
    if (notExecuted) {
      const legacyJson = !prefersGraphQLResponseJson(context?.reply?.request?.headers?.accept);
      return { statusCode: documentError && statusCode === 400 && legacyJson ? 200 : statusCode, response: { errors } };
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
