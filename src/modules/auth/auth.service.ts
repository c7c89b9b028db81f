import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/auth/actor.js';
import { Role } from '../../common/auth/role.js';
import { badInput, DomainError, ErrorCode, unauthenticated } from '../../common/errors/domain-error.js';
import { Transactions } from '../../database/transactions.js';
import { AuditService } from '../audit/audit.service.js';
import type { ChangePasswordInput, LoginInput, RegisterResidentInput } from '../people/dtos/people.inputs.js';
import { PeopleRepository } from '../people/people.repository.js';
import { AuthRepository, toActor } from './auth.repository.js';
import { PasswordService } from './password.service.js';
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
    private readonly people: PeopleRepository,
    private readonly passwords: PasswordService,
    private readonly tokens: TokenService,
    private readonly audit: AuditService,
    private readonly transactions: Transactions,
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
    const user = await this.repo.findCredentials(input.username);
    const valid = await this.passwords.verify(user?.password_hash ?? null, input.password);
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
    await this.repo.markLogin(user.id);
    await this.audit.record({ action: 'LOGIN_SUCCEEDED', address, actor: null, targetType: 'User', targetId: user.id });
    return { token: await this.tokens.sign({ userId: user.id, tokenVersion: user.token_version }), userId: user.id };
  }

  async registerResident(input: RegisterResidentInput, address: string | null): Promise<{ token: string; userId: string }> {
    const passwordHash = await this.passwords.hash(input.password);
    const userId = await this.transactions.run(async (tx) => {
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

  /** Changing the password signs the user out everywhere (their token version moves on). */
  async changePassword(actor: Actor, input: ChangePasswordInput): Promise<boolean> {
    const passwordHash = await this.passwords.hash(input.newPassword);
    return this.transactions.run(async (tx) => {
      const user = await this.repo.findCredentialsById(actor.userId, tx);
      if (!user || !(await this.passwords.verify(user.password_hash, input.currentPassword))) {
        throw badInput('input.currentPassword', 'The current password is wrong');
      }
      await this.repo.setPassword(user.id, passwordHash, tx);
      await this.audit.record({ action: 'PASSWORD_CHANGED', actor, targetType: 'User', targetId: user.id }, tx);
      return true;
    });
  }
}
