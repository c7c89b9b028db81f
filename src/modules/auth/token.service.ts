import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { errors, jwtVerify, SignJWT } from 'jose';
import { AppConfig } from '../../config/app-config.js';

export interface TokenClaims {
  userId: string;
  tokenVersion: number;
}

/** How many verified tokens are remembered; the oldest is forgotten first. */
const VERIFIED_TOKENS_KEPT = 10_000;

/**
 * HS256 tokens carrying only the user id and the user's token version: no role, no scope,
 * no path. The guard reads the rest from the database on every request.
 */
@Injectable()
export class TokenService {
  private readonly key: Uint8Array;
  private readonly ttlSeconds: number;
  /**
   * Tokens whose signature has been checked, with their expiry (ms). A client sends the same
   * token with every request, and the HMAC check goes through WebCrypto's job queue each time,
   * a visible share of a cheap query's CPU. Only valid tokens enter, so garbage cannot fill it; what a
   * token grants is still read from the database on every request.
   */
  private readonly verified = new Map<string, { claims: TokenClaims; expiresAtMs: number }>();

  constructor(config: AppConfig) {
    // Without JWT_SECRET, a random key: tokens then die with the process.
    this.key = config.JWT_SECRET ? new TextEncoder().encode(config.JWT_SECRET) : randomBytes(32);
    this.ttlSeconds = config.JWT_EXPIRES_IN_SECONDS;
  }

  sign(claims: TokenClaims): Promise<string> {
    return new SignJWT({ ver: claims.tokenVersion })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.userId)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(this.key);
  }

  /** The claims of a valid, unexpired token; null for anything else. */
  async verify(token: string): Promise<TokenClaims | null> {
    const known = this.verified.get(token);
    if (known) {
      if (Date.now() < known.expiresAtMs) return known.claims;
      this.verified.delete(token);
      return null;
    }
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'] });
      if (typeof payload.sub !== 'string' || !/^\d{1,19}$/.test(payload.sub) || typeof payload.ver !== 'number') return null;
      if (typeof payload.exp !== 'number') return null;
      const claims = { userId: payload.sub, tokenVersion: payload.ver };
      if (this.verified.size >= VERIFIED_TOKENS_KEPT) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(token, { claims, expiresAtMs: payload.exp * 1000 });
      return claims;
    } catch (error) {
      if (error instanceof errors.JOSEError) return null;
      throw error;
    }
  }
}
