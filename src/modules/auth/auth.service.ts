import { Injectable } from '@nestjs/common';
import { Actor } from '../../common/auth/actor.js';
import { DomainError, ErrorCode, unauthenticated } from '../../common/errors/domain-error.js';
import { AuditService } from '../audit/index.js';
import { AccountsService, type ChangePasswordInput, type LoginInput, type RegisterResidentInput } from '../people/index.js';
import { AuthRepository } from './auth.repository.js';
import { TokenService } from './token.service.js';

/** Failures within this window count towards the throttle. */
export const LOGIN_WINDOW_SECONDS = 60;
/** Failures per username, and per address, allowed within the window. */
export const LOGIN_MAX_FAILURES = 10;

const WRONG_CREDENTIALS = 'Wrong username or password';

/** Signing in, registering residents and changing passwords. */
@Injectable()
export class AuthService {
  constructor(
    private readonly repo: AuthRepository,
    private readonly accounts: AccountsService,
    private readonly tokens: TokenService,
    private readonly audit: AuditService,
  ) {}

  /**
   * A wrong username and a wrong password fail alike (same code, message and work). After
   * ten failures in a minute for one username or one address, attempts are refused with
   * RATE_LIMITED without checking the password; the block lifts as the minute passes.
   */
  async login(input: LoginInput, address: string | null): Promise<{ token: string; userId: string }> {
    const keys = [`user:${input.username.toLowerCase()}`, ...(address ? [`addr:${address}`] : [])];
    // The attempt is counted as a failure before the password is checked (and refunded
    // unless it fails), so concurrent attempts cannot all pass the check at once.
    const charge = await this.repo.chargeAttempt(keys, LOGIN_WINDOW_SECONDS);
    if (charge.count > LOGIN_MAX_FAILURES) {
      await this.repo.refund(charge.refs);
      await this.audit.record({ action: 'LOGIN_THROTTLED', address, summary: { username: input.username } });
      throw new DomainError(ErrorCode.RATE_LIMITED, 'Too many failed sign-ins; wait a minute and try again');
    }
    const { account: user, passwordMatches: valid } = await this.accounts.checkPassword(input.username, input.password);
    if (!user || !valid || !user.active) {
      await this.repo.pruneFailures();
      await this.audit.record({
        action: 'LOGIN_FAILED',
        address,
        targetType: user ? 'User' : undefined,
        targetId: user?.id,
        summary: { username: input.username, reason: !user ? 'unknown user' : !valid ? 'wrong password' : 'inactive' },
      });
      throw unauthenticated(WRONG_CREDENTIALS);
    }
    await this.repo.refund(charge.refs);
    await this.accounts.markSignedIn(user.id);
    await this.audit.record({ action: 'LOGIN_SUCCEEDED', address, actor: null, targetType: 'User', targetId: user.id });
    return { token: await this.tokens.sign({ userId: user.id, tokenVersion: user.tokenVersion }), userId: user.id };
  }

  async registerResident(input: RegisterResidentInput, address: string | null): Promise<{ token: string; userId: string }> {
    const userId = await this.accounts.registerResident(input, address);
    return { token: await this.tokens.sign({ userId, tokenVersion: 1 }), userId };
  }

  /** The caller as the guard would load them; undefined for an unknown or inactive user. */
  async actorOf(userId: string, address: string | null): Promise<Actor | undefined> {
    const row = await this.accounts.accessOf(userId);
    return row?.active ? Actor.from(row, address) : undefined;
  }

  /** Changing the password signs the user out everywhere (their token version moves on). */
  changePassword(actor: Actor, input: ChangePasswordInput): Promise<boolean> {
    return this.accounts.changePassword(actor, input);
  }
}
