import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { maskPhone } from '../../src/common/auth/policy.js';
import { normalizePhone } from '../../src/common/validation/phone.js';

describe('normalizePhone: mainland mobiles', () => {
  it.each([
    ['13812345678', '13812345678'],
    ['138 1234 5678', '13812345678'],
    ['138-1234-5678', '13812345678'],
    ['+86 138 1234 5678', '13812345678'],
    ['+86-138-1234-5678', '13812345678'],
    ['+8613812345678', '13812345678'],
    ['8613812345678', '13812345678'],
    ['0086 138 1234 5678', '13812345678'],
    ['0086-13812345678', '13812345678'],
    ['(+86) 199 0000 1111', '19900001111'],
  ])('keeps the 11 digits of %j', (input, expected) => {
    expect(normalizePhone(input)).toBe(expected);
  });
});

describe('normalizePhone: landlines', () => {
  it.each([
    ['010-62345678', '010-62345678'],
    ['01062345678', '010-62345678'],
    ['(010) 6234-5678', '010-62345678'],
    ['021-62345678', '021-62345678'],
    ['029 8888888', '029-8888888'],
    ['0374-2345678', '0374-2345678'],
    ['03742345678', '0374-2345678'],
    ['0371 6512 3456', '0371-65123456'],
    ['（0371）65123456', '0371-65123456'],
    ['+86 0374 2345678', '0374-2345678'],
  ])('writes %j as area code, dash, number', (input, expected) => {
    expect(normalizePhone(input)).toBe(expected);
  });

  it.each([
    ['+86 10 6234 5678', '010-62345678'],
    ['0086 21 62345678', '021-62345678'],
    ['+86 374 2345678', '0374-2345678'],
  ])('puts back the trunk 0 a landline drops when written internationally (%j)', (input, expected) => {
    expect(normalizePhone(input)).toBe(expected);
  });
});

describe('normalizePhone: refusals', () => {
  it.each([
    ['', 'empty'],
    ['abc', 'letters'],
    ['12812345678', 'mobile with a second digit below 3'],
    ['1381234567', 'mobile one digit short'],
    ['138123456789', 'mobile one digit long'],
    ['+8613812345678x', 'trailing letter'],
    ['138１２３45678', 'full-width digits'],
    ['010-12345678', 'landline number starting with 1'],
    ['010-123456', 'landline number too short'],
    ['0374-234567890', 'landline number too long'],
    ['62345678', 'landline without an area code'],
    ['+1 415 555 0100', 'a foreign number'],
    ['0086', 'a prefix alone'],
  ])('refuses %j (%s)', (input) => {
    expect(normalizePhone(input)).toBeNull();
  });
});

describe('maskPhone', () => {
  it('keeps the first three and last four digits of a mobile', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });

  it('masks a landline from its digits, without the dash', () => {
    expect(maskPhone('0374-2345678')).toBe('037****5678');
  });

  it('never shows anything of a number too short to mask partly', () => {
    expect(maskPhone('1234567')).toBe('****');
  });

  it('never returns the stored value', () => {
    for (const phone of ['13812345678', '010-62345678', '0374-2345678']) {
      expect(maskPhone(phone)).not.toBe(phone);
      expect(maskPhone(phone)).toContain('****');
    }
  });
});
