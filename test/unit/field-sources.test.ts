import 'reflect-metadata';
import { buildSchema, execute, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { declareFieldSource, FieldSources, wireFieldSources } from '../../src/common/graphql/field-sources.js';
import { RequestLoaders } from '../../src/common/loaders/request-loaders.js';

describe('wireFieldSources', () => {
  it('gives a declared field a plain resolver that hands its source, arguments and info to the registered source', async () => {
    const schema = buildSchema(`type Query { unit: Unit } type Unit { code: String count(step: Int): Int }`);
    declareFieldSource('Unit.count');
    const wired = wireFieldSources(schema);
    const fields = new FieldSources();
    const seen: unknown[] = [];
    fields.register('Unit.count', (unit: { base: number }, _ctx, args, info) => {
      seen.push(info.fieldName);
      return unit.base + Number(args.step ?? 0); // a plain value: no promise on the way
    });
    const result = execute({
      schema: wired,
      document: parse('{ unit { code count(step: 2) } }'),
      rootValue: { unit: { code: 'U1', base: 40 } },
      contextValue: { loaders: new RequestLoaders(), fields },
    });
    // Synchronous all the way: execute returns the result itself, not a promise.
    expect(result).not.toBeInstanceOf(Promise);
    expect(result).toEqual({ data: { unit: { code: 'U1', count: 42 } } });
    expect(seen).toEqual(['count']);
  });

  it('refuses to start when a declared field is not in the schema', () => {
    // Declarations are process-wide: Unit.count from the test above is declared too.
    const schema = buildSchema(`type Query { unit: Unit } type Unit { code: String count(step: Int): Int }`);
    declareFieldSource('Unit.missing');
    expect(() => wireFieldSources(schema)).toThrow(/Unit.missing names no field/);
  });
});
