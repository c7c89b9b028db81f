import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { GqlArgumentsHost } from '@nestjs/graphql';
import type { GqlContext } from '../graphql/context.js';

/**
 * Hands every exception of a resolver back to GraphQL unchanged: the error formatter is
 * the one place that maps and logs errors (Nest's default filter would log expected
 * domain errors such as NOT_FOUND as if they were faults). A caller taken as last read and
 * not yet confirmed by a statement (ActorConfirmation) is read first: one signed out since
 * gets UNAUTHENTICATED rather than, say, a complaint about their arguments.
 */
@Catch()
export class RethrowToGraphQLFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): Promise<never> {
    const unconfirmed = host.getType<string>() === 'graphql' ? GqlArgumentsHost.create(host).getContext<GqlContext>()?.actorToConfirm : undefined;
    if (!unconfirmed) throw exception;
    return unconfirmed.reread().then(() => {
      throw exception;
    });
  }
}
