import 'reflect-metadata';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppConfig } from '../../src/config/app-config.js';
import { TokenService } from '../../src/modules/auth/token.service.js';

const service = () => new TokenService({ JWT_SECRET: 'unit-test-secret-0123456789abcdef', JWT_EXPIRES_IN_SECONDS: 60 } as AppConfig);

describe('TokenService: verified tokens are remembered, never beyond their expiry', () => {
  afterEach(() => vi.useRealTimers());

  it('answers a token it has verified with the same claims', async () => {
    const tokens = service();
    const token = await tokens.sign({ userId: '42', tokenVersion: 3 });
    expect(await tokens.verify(token)).toEqual({ userId: '42', tokenVersion: 3 });
    expect(await tokens.verify(token)).toEqual({ userId: '42', tokenVersion: 3 });
  });

  it('refuses a remembered token once it has expired', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-29T10:00:00Z'));
    const tokens = service();
    const token = await tokens.sign({ userId: '7', tokenVersion: 0 });
    expect(await tokens.verify(token)).not.toBeNull();
    vi.setSystemTime(new Date('2026-11-29T10:01:01Z'));
    expect(await tokens.verify(token)).toBeNull();
    expect(await tokens.verify(token)).toBeNull();
  });

  it('still checks the signature of every token it has not seen, however close to a known one', async () => {
    const tokens = service();
    const token = await tokens.sign({ userId: '42', tokenVersion: 3 });
    await tokens.verify(token);
    const [header, payload, signature] = token.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: '1' })).toString('base64url');
    expect(await tokens.verify(`${header}.${forgedPayload}.${signature}`)).toBeNull();
    expect(await tokens.verify(`${token}x`)).toBeNull();
    const other = new TokenService({ JWT_SECRET: 'another-secret-0123456789abcdefgh', JWT_EXPIRES_IN_SECONDS: 60 } as AppConfig);
    expect(await other.verify(token)).toBeNull();
  });
});
