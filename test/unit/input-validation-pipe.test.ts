import 'reflect-metadata';
import { IsOptional, Max, Min } from 'class-validator';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/common/errors/domain-error.js';
import { InputValidationPipe } from '../../src/common/errors/input-validation.pipe.js';

class Page {
  @IsOptional()
  @Min(1, { message: 'first must be at least 1' })
  @Max(100, { message: 'first must be at most 100' })
  first?: number;
}

const pipe = new InputValidationPipe();
const asArgs = { type: 'body' as const, metatype: Page, data: undefined };

async function failure(value: object): Promise<DomainError> {
  try {
    await pipe.transform(value, asArgs);
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('expected a refusal');
}

describe('InputValidationPipe: remembered verdicts', () => {
  it('refuses the same bad value every time, with a fresh error naming the field', async () => {
    const first = await failure({ first: 1000 });
    const second = await failure({ first: 1000 });
    expect(first).toBeInstanceOf(DomainError);
    expect(second).toBeInstanceOf(DomainError);
    expect(second).not.toBe(first);
    expect([first.message, second.message]).toEqual(['first must be at most 100', 'first must be at most 100']);
    expect((second as DomainError & { field?: string }).field).toBe('first');
  });

  it('accepts a good value every time, as a new instance of the class', async () => {
    const a = await pipe.transform({ first: 100 }, asArgs);
    const b = await pipe.transform({ first: 100 }, asArgs);
    expect(a).toBeInstanceOf(Page);
    expect(b).toBeInstanceOf(Page);
    expect(a).not.toBe(b);
    expect(b).toEqual({ first: 100 });
  });

  it('tells apart values that differ, including one seen as good before', async () => {
    await pipe.transform({ first: 5 }, asArgs);
    expect((await failure({ first: 0 })).message).toBe('first must be at least 1');
    expect(await pipe.transform({ first: 5 }, asArgs)).toEqual({ first: 5 });
  });

  it('validates large values every time without remembering them', async () => {
    const big = { first: 1000, padding: 'x'.repeat(1000) };
    expect((await failure(big)).message).toBe('first must be at most 100');
    expect((await failure(big)).message).toBe('first must be at most 100');
  });
});

describe('InputValidationPipe: the verdict cache is bounded', () => {
  it('keeps at most VERDICTS_KEPT verdicts however many distinct values pass, and still judges each right', async () => {
    const { VERDICTS_KEPT, rememberedVerdicts } = await import('../../src/common/errors/input-validation.pipe.js');
    // More distinct values than the cache holds (as a stream of submissions would bring):
    // the good ones and a bad one among them.
    for (let i = 0; i < VERDICTS_KEPT + 50; i++) await pipe.transform({ first: 1 + (i % 100), tag: `v${i}` }, asArgs);
    expect(rememberedVerdicts()).toBe(VERDICTS_KEPT);
    expect((await failure({ first: 0, tag: 'v0' })).message).toBe('first must be at least 1');
    expect(rememberedVerdicts()).toBe(VERDICTS_KEPT);
  });
});
