import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/auth/actor.js';
import { Role } from '../../common/auth/role.js';
import { badInput, DomainError, ErrorCode, unauthenticated } from '../../common/errors/domain-error.js';
import { Transactions } from '../../database/transactions.js';
import { AuditService } from '../audit/audit.service.js';
import type { ChangePasswordInput, LoginInput, RegisterResidentInput } from '../people/dtos/people.inputs.js';
import { PeopleRepository } from '../people/people.repository.js';
import { RegistrationLimiter } from '../../common/rate-limit/registration-limiter.js';
import { AuthRepository, toActor, type CredentialRow } from './auth.repository.js';
import { LoginThrottle } from './login-throttle.js';
import { PasswordService } from './password.service.js';
import { TokenService } from './token.service.js';

const WRONG_CREDENTIALS = 'Wrong username or password';

const throttled = (retryAfterSeconds: number) =>
  new DomainError(ErrorCode.RATE_LIMITED, `Too many failed sign-ins; try again in ${retryAfterSeconds} s`);

/** Signing in, registering residents and changing passwords. */
@Injectable()
export class AuthService {
  constructor(
    private readonly repo: AuthRepository,
    private readonly people: PeopleRepository,
    private readonly passwords: PasswordService,
    private readonly tokens: TokenService,
    private readonly audit: AuditService,
    private readonly tx: Transactions,
    private readonly throttle: LoginThrottle,
    private readonly registrations: RegistrationLimiter,
  ) {}

  /**
   * A wrong username and a wrong password fail alike (same code, message and work). Failures
   * are throttled per (username, address), per address and per username (LoginThrottle):
   * a throttled attempt is RATE_LIMITED without the password being checked.
   */
  async login(input: LoginInput, address: string | null): Promise<{ token: string; userId: string }> {
    let user: CredentialRow | undefined;
    let valid = false;
    const result = await this.throttle.attempt(input.username, address, async () => {
      user = await this.repo.findCredentials(input.username);
      valid = await this.passwords.verify(user?.password_hash ?? null, input.password);
      return !!user && valid && user.active;
    });
    if (result.outcome === 'throttled') {
      await this.audit.record({ action: 'LOGIN_THROTTLED', address, summary: { username: input.username } });
      throw throttled(result.retryAfterSeconds);
    }
    if (result.outcome === 'failed' || !user) {
      await this.audit.record({
        action: 'LOGIN_FAILED',
        address,
        targetType: user ? 'User' : undefined,
        targetId: user?.id,
        summary: { username: input.username, reason: !user ? 'unknown user' : !valid ? 'wrong password' : 'inactive' },
      });
      throw unauthenticated(WRONG_CREDENTIALS);
    }
    await this.repo.markLogin(user.id);
    await this.audit.record({ action: 'LOGIN_SUCCEEDED', address, actor: null, targetType: 'User', targetId: user.id });
    return { token: await this.tokens.sign({ userId: user.id, tokenVersion: user.token_version }), userId: user.id };
  }

  /** Counted against the address's registration limit first, refused attempts included. */
  async registerResident(input: RegisterResidentInput, address: string | null): Promise<{ token: string; userId: string }> {
    await this.registrations.chargeRegistration(address);
    const passwordHash = await this.passwords.hash(input.password);
    const userId = await this.tx.run(async (tx) => {
      const id = await this.people.insertUser(
        { username: input.username, passwordHash, role: Role.RESIDENT, scopeUnitId: null, memberId: null, name: input.name, phone: input.phone ?? null },
        tx,
      );
      await this.audit.record({ action: 'RESIDENT_REGISTERED', address, targetType: 'User', targetId: id, summary: { username: input.username } }, tx);
      return id;
    });
    return { token: await this.tokens.sign({ userId, tokenVersion: 1 }), userId };
  }

  /** The caller as the guard would load them; undefined for an unknown or inactive user. */
  async actorOf(userId: string, address: string | null): Promise<Actor | undefined> {
    const row = await this.repo.findActor(userId);
    return row?.active ? toActor(row, address) : undefined;
  }

  /**
   * Changing the password signs the user out everywhere (their token version moves on). The
   * current password is checked first, throttled as sign-ins are (a stolen token must not
   * become a way round login's throttle), and only then is the new one hashed.
   */
  async changePassword(actor: Actor, input: ChangePasswordInput): Promise<boolean> {
    const current = await this.repo.findCredentialsById(actor.userId);
    if (!current?.active) throw unauthenticated();
    const result = await this.throttle.attempt(current.username, actor.address, () =>
      this.passwords.verify(current.password_hash, input.currentPassword),
    );
    if (result.outcome === 'throttled') {
      await this.audit.record({
        action: 'LOGIN_THROTTLED',
        actor,
        address: actor.address,
        targetType: 'User',
        targetId: current.id,
        summary: { username: current.username, operation: 'changePassword' },
      });
      throw throttled(result.retryAfterSeconds);
    }
    if (result.outcome === 'failed') throw badInput('input.currentPassword', 'The current password is wrong');
    const passwordHash = await this.passwords.hash(input.newPassword);
    return this.tx.run(async (tx) => {
      const user = await this.repo.findCredentialsById(actor.userId, tx, true);
      // Changed meanwhile (another changePassword won): the checked password is no longer it.
      if (!user || user.password_hash !== current.password_hash) {
        throw new DomainError(ErrorCode.CONFLICT, 'The password was changed meanwhile; sign in again');
      }
      await this.repo.setPassword(user.id, passwordHash, tx);
      await this.audit.record({ action: 'PASSWORD_CHANGED', actor, targetType: 'User', targetId: user.id }, tx);
      return true;
    });
  }
}
