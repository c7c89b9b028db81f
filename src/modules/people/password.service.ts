import { Injectable } from '@nestjs/common';
import { Algorithm, hash, verify } from '@node-rs/argon2';

/** Argon2id with the library's defaults (19 MiB, 2 passes), the OWASP baseline. */
@Injectable()
export class PasswordService {
  /** Verified against when the username does not exist, so both failures take as long. */
  private dummyHash?: Promise<string>;

  hash(password: string): Promise<string> {
    return hash(password, { algorithm: Algorithm.Argon2id });
  }

  async verify(hashed: string | null, password: string): Promise<boolean> {
    const target = hashed ?? (await (this.dummyHash ??= this.hash('not-a-real-password-at-all')));
    try {
      return (await verify(target, password)) && hashed !== null;
    } catch {
      return false;
    }
  }
}
