import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../auth/actor.js';
import { RequestLoaders } from '../loaders/request-loaders.js';
import type { FieldSources } from './field-sources.js';

/** What every resolver gets as its GraphQL context. */
export interface GqlContext {
  req?: FastifyRequest;
  reply?: FastifyReply;
  loaders: RequestLoaders;
  /** Set by the auth guard when the caller is signed in. */
  actor?: Actor;
  /** The one lookup of the caller for this request, shared by every root field. */
  actorLookup?: Promise<Actor | undefined>;
  /** Resolvers of hot fields that bypass NestJS's per-resolver pipeline (field-sources.ts). */
  fields?: FieldSources;
}

export function createGqlContext(req?: FastifyRequest, reply?: FastifyReply, fields?: FieldSources): GqlContext {
  return { req, reply, loaders: new RequestLoaders(), fields };
}
