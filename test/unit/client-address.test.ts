import { describe, expect, it } from 'vitest';
import { limitAddress } from '../../src/common/rate-limit/client-address.js';
import { parseTrustProxy } from '../../src/config/app-config.js';

describe('limitAddress', () => {
  it('keeps IPv4 and unwraps IPv4-mapped IPv6', () => {
    expect(limitAddress('203.0.113.7')).toBe('203.0.113.7');
    expect(limitAddress('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(limitAddress(null)).toBeNull();
  });

  it('groups IPv6 by /64, however it is written', () => {
    const key = '2001:db8:0:1::/64';
    for (const ip of ['2001:db8:0:1::1', '2001:0db8:0000:0001:ffff:ffff:ffff:ffff', '2001:DB8::1:0:0:0:9', '2001:db8:0:1:1::', '2001:db8:0:1:0:0:1.2.3.4']) {
      expect(limitAddress(ip), ip).toBe(key);
    }
    expect(limitAddress('2001:db8:0:2::1')).toBe('2001:db8:0:2::/64');
    expect(limitAddress('::1')).toBe('0:0:0:0::/64');
    expect(limitAddress('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });
});

describe('parseTrustProxy', () => {
  it('reads off, hop counts and address lists', () => {
    for (const off of [undefined, '', 'false', 'off', '0']) expect(parseTrustProxy(off)).toBe(false);
    expect(parseTrustProxy('2')).toBe(2);
    expect(parseTrustProxy('127.0.0.1, 10.0.0.0/8,::1,fd00::/8,loopback')).toEqual(['127.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8', 'loopback']);
  });

  it('refuses what is not a proxy address (and true, which would believe any client)', () => {
    for (const bad of ['true', 'yes', 'proxy.example', '10.0.0.0/33', '::1/129', '10.0.0.1/8/2', '1.2.3']) expect(parseTrustProxy(bad), bad).toBeUndefined();
  });
});
