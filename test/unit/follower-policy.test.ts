import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/common/auth/actor.js';
import { Policy } from '../../src/common/auth/policy.js';
import { Role } from '../../src/common/auth/role.js';
import { mutationFieldCount } from '../../src/common/rate-limit/mutation-rate-limit.hook.js';
import { parse } from 'graphql';
import { roundUpTo50 } from '../../src/modules/requests/request.model.js';

/** The follower's rights in the policy, the public distance's rounding, and the limited query count. */
const policy = new Policy();
const resident: Actor = { userId: '7', role: Role.RESIDENT, scopeUnitId: null, scopePath: null, memberId: null, memberUnitPath: null, address: null };
const request = { unitPath: '1.2.3.4', reporterUserId: '9', assigneeMemberId: null, source: 'DIRECT' };

describe('a follower in the policy', () => {
  it('sees what they follow, and nothing else of it is theirs: every action FORBIDDEN', () => {
    expect(policy.seesRequest(resident, request)).toBe(false);
    const followed = { ...request, followedByActor: true };
    expect(policy.seesRequest(resident, followed)).toBe(true);
    expect(policy.readsAsFollowerOnly(resident, followed)).toBe(true);
    for (const action of ['close', 'reopen', 'cancel', 'accept', 'resolve', 'escalate', 'assign', 'dispatch'] as const) {
      expect(() => policy.assertMayActOnRequest(resident, action, followed), action).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    }
    expect(() => policy.assertMayActOnRequest(resident, 'close', request)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('a reporter who also follows reads as the reporter', () => {
    const own = { ...request, reporterUserId: '7', followedByActor: true };
    expect(policy.readsAsFollowerOnly(resident, own)).toBe(false);
    expect(() => policy.assertMayActOnRequest(resident, 'cancel', own)).not.toThrow();
  });
});

describe('roundUpTo50', () => {
  it('rounds up to the next multiple of 50 m; 0 stays 0', () => {
    expect([0, 0.001, 49.9, 50, 50.0001, 101, 250].map(roundUpTo50)).toEqual([0, 50, 50, 50, 100, 150, 250]);
  });
});

describe('mutationFieldCount with limited queries', () => {
  const limited = new Set(['similarServiceRequests']);
  it('counts each limited root query field, aliases and fragments too, and no other query field', () => {
    const doc = parse(`query { a: similarServiceRequests(categoryCode: "X") { number } ...F serviceCategories { code } }
      fragment F on Query { b: similarServiceRequests(categoryCode: "Y") { number } }`);
    expect(mutationFieldCount(doc, undefined, limited)).toBe(2);
    expect(mutationFieldCount(doc, undefined)).toBe(0);
    expect(mutationFieldCount(parse(`{ serviceCategories { code } }`), undefined, limited)).toBe(0);
  });
});
