import { Injectable } from '@nestjs/common';
import { limitAddress } from '../../common/rate-limit/client-address.js';
import { AuthRepository } from './auth.repository.js';

/** Failures of one (username, address) that cost nothing; each further one doubles the wait. */
export const PAIR_FREE_FAILURES = 5;
/** The longest wait of one (username, address) after its latest failure. */
export const PAIR_MAX_WAIT_SECONDS = 300;
/** How long a (username, address)'s failures are remembered. */
export const PAIR_MEMORY_SECONDS = 900;
/** Failures from one address (any usernames) in a minute, after which it must wait. */
export const ADDRESS_MAX_FAILURES_PER_MINUTE = 20;
/**
 * Failures of one username from all addresses in a minute, after which the username is
 * under attack: addresses that failed for it in that minute must wait for the minute to
 * pass; any other address is slowed (USERNAME_CEILING_DELAY_MS) but still checked.
 */
export const USERNAME_CEILING_PER_MINUTE = 50;
export const USERNAME_CEILING_DELAY_MS = 1000;

export type AttemptOutcome = { outcome: 'passed' } | { outcome: 'failed' } | { outcome: 'throttled'; retryAfterSeconds: number };

/**
 * Sign-in throttling (login, and changePassword's current password) without a lockout
 * that strangers could cause:
 * - per (username, address): five failures free, then a wait that doubles with each
 *   further failure (1 s, 2 s, 4 s … at most five minutes), counted from the latest one;
 * - per address: at most ADDRESS_MAX_FAILURES_PER_MINUTE failures a minute over all
 *   usernames (one address trying many accounts);
 * - per username: past USERNAME_CEILING_PER_MINUTE failures a minute from all addresses,
 *   addresses that failed for it this minute are refused until their failure is a minute
 *   old, and others are slowed; a right password from an address that has not failed gets
 *   in, and one that has waits at most a minute for this rule.
 * A refused attempt is not checked and not counted (the wait never extends itself); a
 * right password clears its (username, address) record.
 */
@Injectable()
export class LoginThrottle {
  constructor(private readonly repo: AuthRepository) {}

  async attempt(username: string, rawAddress: string | null, check: () => Promise<boolean>): Promise<AttemptOutcome> {
    const user = username.toLowerCase();
    const address = limitAddress(rawAddress);
    const keys = { user: `user:${user}`, pair: `pair:${user}|${address ?? '-'}`, address: address ? `addr:${address}` : null };
    // Charged as a failure before the password is checked (and refunded unless it fails), so
    // concurrent attempts cannot all pass the check at once.
    const own = await this.repo.chargeAttempt([keys.user, keys.pair, ...(keys.address ? [keys.address] : [])]);
    const state = await this.repo.throttleState(keys, own, PAIR_MEMORY_SECONDS);

    let retryAfterSeconds = 0;
    if (state.pairFailures >= PAIR_FREE_FAILURES) {
      const wait = Math.min(2 ** (state.pairFailures - PAIR_FREE_FAILURES), PAIR_MAX_WAIT_SECONDS);
      if (state.pairIdleSeconds < wait) retryAfterSeconds = Math.ceil(wait - state.pairIdleSeconds);
    }
    if (state.addressFailures > ADDRESS_MAX_FAILURES_PER_MINUTE) retryAfterSeconds = Math.max(retryAfterSeconds, state.addressRetrySeconds);
    const underAttack = state.userFailures > USERNAME_CEILING_PER_MINUTE;
    if (underAttack && state.pairRecentFailures > 0) retryAfterSeconds = Math.max(retryAfterSeconds, 60);
    if (retryAfterSeconds > 0) {
      await this.repo.refund(own);
      return { outcome: 'throttled', retryAfterSeconds: Math.max(1, retryAfterSeconds) };
    }

    if (underAttack) await new Promise((r) => setTimeout(r, USERNAME_CEILING_DELAY_MS));
    if (!(await check())) {
      await this.repo.pruneFailures();
      return { outcome: 'failed' };
    }
    await this.repo.refund(own);
    await this.repo.forgetFailures(keys.pair);
    return { outcome: 'passed' };
  }
}
