import 'reflect-metadata';
import { buildSchema, execute, parse, type GraphQLObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { fieldMap, readPropertiesDirectly, withFieldMaps } from '../../src/common/graphql/field-maps.js';
import { RequestLoaders } from '../../src/common/loaders/request-loaders.js';

class Unit {
  readonly __typename = 'Unit' as const;
  code = 'U1';
  base = 40;
}
/** Stands for a NestJS resolver class: its methods are the declared fields. */
class UnitResolver {
  count(): number {
    return 0;
  }
}

describe('field maps', () => {
  const maps = { fieldMaps: [fieldMap<Unit, UnitResolver>('Unit', { count: (unit, args) => unit.base + Number(args.step ?? 0) })] };

  it('come after the maps NestJS found, so that graphql-tools merges them in over the declarations, field by field', () => {
    const scalars = { DateTime: {} };
    const nest = { Query: { unit: () => new Unit() }, Unit: { count: () => -1, parent: () => null } };
    const merged = withFieldMaps([scalars, nest], [maps]) as Record<string, Record<string, unknown>>[];
    expect(merged.slice(0, 2)).toEqual([scalars, nest]);
    expect(merged[2]).toEqual({ Unit: { count: maps.fieldMaps[0].fields.count } });
    // The served schema checks the merge itself (test/integration/org/tree-batching.test.ts).
  });

  it('name only declared fields, with their declared result (checked by the compiler: npm run typecheck)', () => {
    // @ts-expect-error: UnitResolver declares no field `missing`.
    const wrongName = fieldMap<Unit, UnitResolver>('Unit', { missing: () => 1 });
    // @ts-expect-error: `count` is declared as a number.
    const wrongType = fieldMap<Unit, UnitResolver>('Unit', { count: () => 'one' });
    // @ts-expect-error: the type name is the model's __typename.
    const wrongType2 = fieldMap<Unit, UnitResolver>('Units', { count: () => 1 });
    expect([wrongName, wrongType, wrongType2].map((m) => m.typeName)).toEqual(['Unit', 'Unit', 'Units']);
  });

  it('refuse a hot field that no @ResolveField declares', () => {
    expect(() => withFieldMaps({ Unit: { other: () => 1 } }, [maps])).toThrow(/Unit.count has no @ResolveField/);
  });

  it('leave resolvers only on mapped fields: the others read their property, and a plain value needs no promise', () => {
    const schema = buildSchema(`type Query { unit: Unit } type Unit { code: String count(step: Int): Int }`);
    const unitType = schema.getType('Unit') as GraphQLObjectType;
    // What NestJS does: a resolver on every field, the plain ones reading the property.
    unitType.getFields().code.resolve = () => 'from a resolver';
    const resolvers = withFieldMaps({ Query: { unit: () => new Unit() }, Unit: { count: () => -1 } }, [maps]) as any[];
    (schema.getQueryType()!.getFields().unit as { resolve?: unknown }).resolve = resolvers[0].Query.unit;
    unitType.getFields().count.resolve = resolvers[1].Unit.count;
    readPropertiesDirectly(schema, resolvers);
    expect(unitType.getFields().code.resolve).toBeUndefined();
    const result = execute({ schema, document: parse('{ unit { code count(step: 2) } }'), contextValue: { loaders: new RequestLoaders() } });
    expect(result).not.toBeInstanceOf(Promise);
    expect(result).toEqual({ data: { unit: { code: 'U1', count: 42 } } });
  });
});
