import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/auth/actor.js';
import { Role } from '../../common/auth/role.js';
import { DomainError, ErrorCode } from '../../common/errors/domain-error.js';
import { Transactions } from '../../database/transactions.js';
import { AuditService } from '../audit/index.js';
import type { RegisterResidentInput } from './dtos/people.inputs.js';
import { PasswordService } from './password.service.js';
import { PeopleRepository, type AccessRow } from './people.repository.js';

export type { AccessRow };

/** An account as a sign-in sees it: never its password hash. */
export interface SignInAccount {
  id: string;
  active: boolean;
  tokenVersion: number;
}

/**
 * What auth asks of user accounts (people owns app_user): who a token's user is now, whether
 * a password is right, resident sign-up and password changes. Password hashes stay here.
 */
@Injectable()
export class AccountsService {
  constructor(
    private readonly repo: PeopleRepository,
    private readonly passwords: PasswordService,
    private readonly audit: AuditService,
    private readonly transactions: Transactions,
  ) {}

  /** The account with its scope's path and its member's unit path: one indexed (prepared) statement. */
  accessOf(userId: string): Promise<AccessRow | undefined> {
    return this.repo.accessOf(userId);
  }

  /**
   * The account of `username` and whether `password` is its password. An unknown username
   * costs the same password check as a wrong password.
   */
  async checkPassword(username: string, password: string): Promise<{ account: SignInAccount | undefined; passwordMatches: boolean }> {
    const row = await this.repo.credentialsByUsername(username);
    const passwordMatches = await this.passwords.verify(row?.password_hash ?? null, password);
    return { account: row && { id: row.id, active: row.active, tokenVersion: row.token_version }, passwordMatches };
  }

  markSignedIn(userId: string): Promise<void> {
    return this.repo.markSignedIn(userId);
  }

  /** A new RESIDENT account; returns its id (token version 1). */
  async registerResident(input: RegisterResidentInput, address: string | null): Promise<string> {
    const passwordHash = await this.passwords.hash(input.password);
    return this.transactions.run(async (tx) => {
      const id = await this.repo.insertUser(
        { username: input.username, passwordHash, role: Role.RESIDENT, scopeUnitId: null, memberId: null, name: input.name, phone: input.phone ?? null },
        tx,
      );
      await this.audit.record({ action: 'RESIDENT_REGISTERED', address, targetType: 'User', targetId: id, summary: { username: input.username } }, tx);
      return id;
    });
  }

  /** The active account's username; undefined when it is gone or inactive. */
  async usernameOf(userId: string): Promise<string | undefined> {
    const row = await this.repo.credentialsById(userId);
    return row?.active ? row.username : undefined;
  }

  /**
   * Whether `password` is the active account's current password, with the token version it
   * was checked against (changePassword refuses if the account changed since); undefined
   * when the account is gone or inactive.
   */
  async checkCurrentPassword(userId: string, password: string): Promise<{ passwordMatches: boolean; tokenVersion: number } | undefined> {
    const row = await this.repo.credentialsById(userId);
    if (!row?.active) return undefined;
    return { passwordMatches: await this.passwords.verify(row.password_hash, password), tokenVersion: row.token_version };
  }

  /**
   * Sets a new password (checked by checkCurrentPassword first); the token version moves on,
   * signing the user out everywhere. An account changed since the check (another password
   * change won) is CONFLICT: the password that was checked may no longer be the current one.
   */
  async changePassword(actor: Actor, newPassword: string, checkedTokenVersion: number): Promise<boolean> {
    const passwordHash = await this.passwords.hash(newPassword);
    return this.transactions.run(async (tx) => {
      const user = await this.repo.lockCredentials(actor.userId, tx);
      if (!user?.active || user.token_version !== checkedTokenVersion) {
        throw new DomainError(ErrorCode.CONFLICT, 'The account changed meanwhile; sign in again');
      }
      await this.repo.setPassword(user.id, passwordHash, tx);
      await this.audit.record({ action: 'PASSWORD_CHANGED', actor, targetType: 'User', targetId: user.id }, tx);
      return true;
    });
  }
}
