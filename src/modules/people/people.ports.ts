import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor.js';

/**
 * Called inside the transaction in which a member stops responding (deactivated, no longer
 * a responder, moved to another unit), with the member locked. A module that gives members
 * work (requests: hands their open assignments back up) adds one at start; people cannot
 * call such modules itself, since they depend on people.
 */
export type StopsRespondingHandler = (memberDbId: string, actor: Actor | null, tx: EntityManager) => Promise<void>;

/** The handlers every "stops responding" runs; modules add theirs at start (onModuleInit). */
@Injectable()
export class StopsResponding {
  private readonly handlers: StopsRespondingHandler[] = [];

  add(handler: StopsRespondingHandler): void {
    this.handlers.push(handler);
  }

  async run(memberDbId: string, actor: Actor | null, tx: EntityManager): Promise<void> {
    for (const handler of this.handlers) await handler(memberDbId, actor, tx);
  }
}
