import { Catch, type ExceptionFilter } from '@nestjs/common';

/**
 * Hands every exception of a resolver back to GraphQL unchanged: the error formatter is
 * the one place that maps and logs errors (Nest's default filter would log expected
 * domain errors such as NOT_FOUND as if they were faults).
 */
@Catch()
export class RethrowToGraphQLFilter implements ExceptionFilter {
  catch(exception: unknown): never {
    throw exception;
  }
}
