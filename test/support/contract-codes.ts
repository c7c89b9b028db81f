/**
 * Every `extensions.code` the contract lets a client see (../shared/contract/README.md, "Errors").
 * INTERNAL_SERVER_ERROR is among them (a database outage may end in one); where it can only
 * mean a bug (fuzzed input), a test refuses it on top of this list.
 */
export const CONTRACT_CODES: ReadonlySet<string> = new Set([
  'UNAUTHENTICATED',
  'NOT_FOUND',
  'FORBIDDEN',
  'CONFLICT',
  'BAD_USER_INPUT',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'RATE_LIMITED',
  'INTERNAL_SERVER_ERROR',
]);
