import { Injectable } from '@nestjs/common';
import { Actor } from '../../common/auth/actor.js';
import { badInput, DomainError, ErrorCode, unauthenticated } from '../../common/errors/domain-error.js';
import { RegistrationLimiter } from '../../common/rate-limit/registration-limiter.js';
import { AuditService } from '../audit/index.js';
import { AccountsService, type ChangePasswordInput, type LoginInput, type RegisterResidentInput, type SignInAccount } from '../people/index.js';
import { LoginThrottle } from './login-throttle.js';
import { TokenService } from './token.service.js';

const WRONG_CREDENTIALS = 'Wrong username or password';

const throttled = (retryAfterSeconds: number) =>
  new DomainError(ErrorCode.RATE_LIMITED, `Too many failed sign-ins; try again in ${retryAfterSeconds} s`);

/** Signing in, registering residents and changing passwords. */
@Injectable()
export class AuthService {
  constructor(
    private readonly accounts: AccountsService,
    private readonly tokens: TokenService,
    private readonly audit: AuditService,
    private readonly throttle: LoginThrottle,
    private readonly registrations: RegistrationLimiter,
  ) {}

  /**
   * A wrong username and a wrong password fail alike (same code, message and work). Failures
   * are throttled per (username, address), per address and per username (LoginThrottle):
   * a throttled attempt is RATE_LIMITED without the password being checked.
   */
  async login(input: LoginInput, address: string | null): Promise<{ token: string; userId: string }> {
    let user: SignInAccount | undefined;
    let valid = false;
    const result = await this.throttle.attempt(input.username, address, async () => {
      ({ account: user, passwordMatches: valid } = await this.accounts.checkPassword(input.username, input.password));
      return !!user && valid && user.active;
    });
    if (result.outcome === 'throttled') {
      await this.audit.record({ action: 'LOGIN_THROTTLED', address, summary: { username: input.username } });
      throw throttled(result.retryAfterSeconds);
    }
    const account = user as SignInAccount | undefined;
    if (result.outcome === 'failed' || !account) {
      await this.audit.record({
        action: 'LOGIN_FAILED',
        address,
        targetType: account ? 'User' : undefined,
        targetId: account?.id,
        summary: { username: input.username, reason: !account ? 'unknown user' : !valid ? 'wrong password' : 'inactive' },
      });
      throw unauthenticated(WRONG_CREDENTIALS);
    }
    await this.accounts.markSignedIn(account.id);
    await this.audit.record({ action: 'LOGIN_SUCCEEDED', address, actor: null, targetType: 'User', targetId: account.id });
    return { token: await this.tokens.sign({ userId: account.id, tokenVersion: account.tokenVersion }), userId: account.id };
  }

  /** Counted against the address's registration limit first, refused attempts included. */
  async registerResident(input: RegisterResidentInput, address: string | null): Promise<{ token: string; userId: string }> {
    await this.registrations.chargeRegistration(address);
    const userId = await this.accounts.registerResident(input, address);
    return { token: await this.tokens.sign({ userId, tokenVersion: 1 }), userId };
  }

  /** The caller as the guard would load them; undefined for an unknown or inactive user. */
  async actorOf(userId: string, address: string | null): Promise<Actor | undefined> {
    const row = await this.accounts.accessOf(userId);
    return row?.active ? Actor.from(row, address) : undefined;
  }

  /**
   * Changing the password signs the user out everywhere (their token version moves on). The
   * current password is checked first, throttled as sign-ins are (a stolen token must not
   * become a way round login's throttle), and only then is the new one hashed.
   */
  async changePassword(actor: Actor, input: ChangePasswordInput): Promise<boolean> {
    let current: Awaited<ReturnType<AccountsService['checkCurrentPassword']>>;
    const username = await this.accounts.usernameOf(actor.userId);
    if (!username) throw unauthenticated();
    const result = await this.throttle.attempt(username, actor.address, async () => {
      current = await this.accounts.checkCurrentPassword(actor.userId, input.currentPassword);
      return !!current?.passwordMatches;
    });
    if (result.outcome === 'throttled') {
      await this.audit.record({
        action: 'LOGIN_THROTTLED',
        actor,
        address: actor.address,
        targetType: 'User',
        targetId: actor.userId,
        summary: { username, operation: 'changePassword' },
      });
      throw throttled(result.retryAfterSeconds);
    }
    const checked = current!;
    if (!checked) throw unauthenticated();
    if (result.outcome === 'failed') throw badInput('currentPassword', 'The current password is wrong');
    return this.accounts.changePassword(actor, input.newPassword, checked.tokenVersion);
  }
}
