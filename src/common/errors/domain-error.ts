/** The contract's error codes (extensions.code). Services throw these; one formatter maps them. */
export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  NOT_FOUND = 'NOT_FOUND',
  FORBIDDEN = 'FORBIDDEN',
  CONFLICT = 'CONFLICT',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  RATE_LIMITED = 'RATE_LIMITED',
  GRAPHQL_PARSE_FAILED = 'GRAPHQL_PARSE_FAILED',
  GRAPHQL_VALIDATION_FAILED = 'GRAPHQL_VALIDATION_FAILED',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** For BAD_USER_INPUT: the input field at fault, e.g. `code`. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** One message for "does not exist" and "you may not see it", so the two cannot be told apart. */
export const notFound = (what: string) => new DomainError(ErrorCode.NOT_FOUND, `${what} not found`);
export const conflict = (message: string) => new DomainError(ErrorCode.CONFLICT, message);
export const forbidden = (message = 'Your role may not do this') => new DomainError(ErrorCode.FORBIDDEN, message);
export const badInput = (field: string, message: string) => new DomainError(ErrorCode.BAD_USER_INPUT, message, field);
export const unauthenticated = (message = 'Sign in first') => new DomainError(ErrorCode.UNAUTHENTICATED, message);
