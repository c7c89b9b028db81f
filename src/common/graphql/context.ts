import type { FastifyReply, FastifyRequest } from 'fastify';
import { RequestLoaders } from '../loaders/request-loaders.js';

/** What every resolver gets as its GraphQL context. */
export interface GqlContext {
  req?: FastifyRequest;
  reply?: FastifyReply;
  loaders: RequestLoaders;
}

export function createGqlContext(req?: FastifyRequest, reply?: FastifyReply): GqlContext {
  return { req, reply, loaders: new RequestLoaders() };
}
