import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor, ActorConfirmation } from '../auth/actor.js';
import { RequestLoaders } from '../loaders/request-loaders.js';

/** What every resolver gets as its GraphQL context. */
export interface GqlContext {
  req?: FastifyRequest;
  reply?: FastifyReply;
  loaders: RequestLoaders;
  /** Set by the auth guard when the caller is signed in. */
  actor?: Actor;
  /** The one lookup of the caller for this request, shared by every root field. */
  actorLookup?: Promise<Actor | undefined>;
  /** Set with `actor` when the guard took the caller as last read: the root field confirms it (ActorConfirmation). */
  actorToConfirm?: ActorConfirmation;
}

export function createGqlContext(req?: FastifyRequest, reply?: FastifyReply): GqlContext {
  return { req, reply, loaders: new RequestLoaders() };
}
