import fc from 'fast-check';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';
import { anyFloatLike, anyIntLike, anyString, malformedGlobalIds, randomBase64, wrongType } from './values.js';

/**
 * Arbitraries for GraphQL variables, derived from the served schema's input types, so that
 * every mutation (including ones added later) gets fuzzed without a hand-written generator.
 */

export const NODE_TYPES = ['OrgUnit', 'Member', 'User', 'ServiceCategory', 'ServiceRequest', 'RequestEvent'] as const;

export interface FuzzPools {
  /** Global ids of rows that exist, by node type. */
  ids: Partial<Record<(typeof NODE_TYPES)[number], string[]>>;
  /** Plausible values by input field name (`Type.field` wins over `field`); mixed with hostile ones. */
  hints: Record<string, fc.Arbitrary<unknown>>;
}

/** Which node type an ID field of an input means (by its name); undefined: any. */
export function idTypeOf(inputType: string, field: string): string | undefined {
  if (/^(unitId|parentId|newParentId|courtyardId|scopeUnitId|toUnitId)$/.test(field)) return 'OrgUnit';
  if (/^(memberId|responderId|assigneeId)$/.test(field)) return 'Member';
  if (/^(requestId|duplicateOfId)$/.test(field)) return 'ServiceRequest';
  if (field === 'id') {
    if (/OrgUnit/i.test(inputType)) return 'OrgUnit';
    if (/Member/i.test(inputType)) return 'Member';
    if (/User/i.test(inputType)) return 'User';
    if (/Category/i.test(inputType)) return 'ServiceCategory';
    if (/Request/i.test(inputType)) return 'ServiceRequest';
  }
  return undefined;
}

function idArbitrary(pools: FuzzPools, inputType: string, field: string): fc.Arbitrary<unknown> {
  const wanted = idTypeOf(inputType, field);
  const all = Object.values(pools.ids).flat();
  const own = (wanted && pools.ids[wanted as keyof FuzzPools['ids']]) || all;
  const others = all.filter((id) => !own.includes(id));
  const parts: fc.WeightedArbitrary<unknown>[] = [
    { arbitrary: fc.constantFrom(...malformedGlobalIds(NODE_TYPES)), weight: 3 },
    { arbitrary: randomBase64(), weight: 1 },
    { arbitrary: anyString(false), weight: 1 },
    // Numbers: GraphQL takes an integer as an ID (as its digits), but not 1.5.
    { arbitrary: fc.oneof({ arbitrary: fc.integer(), weight: 8 }, { arbitrary: fc.constantFrom(1.5, -1, 0), weight: 1 }), weight: 1 },
  ];
  if (own.length > 0) parts.push({ arbitrary: fc.constantFrom(...own), weight: 8 });
  if (others.length > 0) parts.push({ arbitrary: fc.constantFrom(...others), weight: 2 });
  return fc.oneof(...parts);
}

/** A ring of `n` valid points (a regular polygon around a point that exists in no street). */
function ring(n: number): { lat: number; lng: number }[] {
  return Array.from({ length: n }, (_, i) => ({
    lat: 10 + Math.sin((2 * Math.PI * i) / n),
    lng: 10 + Math.cos((2 * Math.PI * i) / n),
  }));
}
const RING_AT_LIMIT = ring(10_000);
const RING_OVER_LIMIT = ring(10_001);

interface Ctx {
  pools: FuzzPools;
  /** The input object type and field this value is for (the list's field for list items). */
  owner: string;
  field: string;
  depth: number;
}

export function inputArbitrary(type: GraphQLInputType, pools: FuzzPools, owner = '', field = '', depth = 0): fc.Arbitrary<unknown> {
  return valueFor(type, { pools, owner, field, depth });
}

function valueFor(type: GraphQLInputType, ctx: Ctx): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) {
    // Mostly a value; now and then a null or nothing where the schema says it is required.
    return fc.oneof(
      { arbitrary: nullableValueFor(type.ofType, ctx), weight: 80 },
      { arbitrary: fc.constantFrom(null, undefined), weight: 1 },
    );
  }
  const value = nullableValueFor(type, ctx);
  return fc.oneof({ arbitrary: value, weight: 8 }, { arbitrary: fc.constant(null), weight: 1 }, { arbitrary: fc.constant(undefined), weight: 2 });
}

function nullableValueFor(type: GraphQLInputType, ctx: Ctx): fc.Arbitrary<unknown> {
  if (isListType(type)) return listFor(type.ofType as GraphQLInputType, ctx);
  if (isInputObjectType(type)) {
    if (ctx.depth > 3) return fc.constant({});
    const fields = Object.values(type.getFields());
    const record: Record<string, fc.Arbitrary<unknown>> = {};
    for (const f of fields) record[f.name] = fieldValue(f.type, { ...ctx, owner: type.name, field: f.name, depth: ctx.depth + 1 });
    const object = fc.record(record).map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)));
    const hint = ctx.pools.hints[`${ctx.owner}.${ctx.field}`] ?? ctx.pools.hints[ctx.field];
    return fc.oneof(
      { arbitrary: object, weight: 40 },
      ...(hint ? [{ arbitrary: hint, weight: 20 }] : []),
      // An input field the type does not have.
      { arbitrary: object.map((o) => ({ ...o, notAField: 1 })), weight: 1 },
      { arbitrary: wrongType(), weight: 1 },
    );
  }
  if (isEnumType(type)) {
    const values = type.getValues().map((v) => v.name);
    return fc.oneof(
      { arbitrary: fc.constantFrom(...values), weight: 40 },
      { arbitrary: fc.constantFrom('NOPE', values[0].toLowerCase(), ` ${values[0]}`, ''), weight: 1 },
      { arbitrary: wrongType(), weight: 1 },
    );
  }
  if (isScalarType(type)) return scalarFor(type.name, ctx);
  return fc.constant(null);
}

/** A field's value: plausible (from the hints) or hostile. */
function fieldValue(type: GraphQLInputType, ctx: Ctx): fc.Arbitrary<unknown> {
  const hint = ctx.pools.hints[`${ctx.owner}.${ctx.field}`] ?? ctx.pools.hints[ctx.field];
  const named = getNamedType(type);
  // Hints for object and list fields are applied where those are built.
  if (!hint || !isScalarType(named) || isListType(isNonNullType(type) ? type.ofType : type)) return valueFor(type, ctx);
  const plausible = isNonNullType(type)
    ? hint
    : fc.oneof({ arbitrary: hint, weight: 6 }, { arbitrary: fc.constant(undefined), weight: 2 }, { arbitrary: fc.constant(null), weight: 1 });
  return fc.oneof({ arbitrary: plausible, weight: 4 }, { arbitrary: valueFor(type, ctx), weight: 1 });
}

function listFor(item: GraphQLInputType, ctx: Ctx): fc.Arbitrary<unknown> {
  const hint = ctx.pools.hints[`${ctx.owner}.${ctx.field}`] ?? ctx.pools.hints[ctx.field];
  const itemCtx = { ...ctx, field: `${ctx.field}[]` };
  const itemHint = ctx.pools.hints[itemCtx.field];
  const small = itemHint
    ? fc.oneof({ arbitrary: itemHint, weight: 3 }, { arbitrary: valueFor(item, itemCtx), weight: 1 })
    : valueFor(item, itemCtx);
  const named = getNamedType(item);
  const parts: fc.WeightedArbitrary<unknown>[] = [
    { arbitrary: fc.constant([]), weight: 2 },
    { arbitrary: fc.array(small, { maxLength: 5 }), weight: 6 },
    // A single value where a list goes (GraphQL coerces it to a list of one).
    { arbitrary: valueFor(item, itemCtx), weight: 1 },
  ];
  if (hint) parts.push({ arbitrary: hint, weight: 6 });
  if (named.name === 'GeoPointInput') {
    parts.push({ arbitrary: fc.constantFrom(RING_AT_LIMIT, RING_OVER_LIMIT), weight: 1 });
  } else {
    // Huge lists of small items (the body stays under the HTTP limit).
    const tiny = isScalarType(named) && named.name === 'String' ? fc.string({ maxLength: 8 }) : valueFor(item, { ...itemCtx, depth: 9 });
    parts.push({ arbitrary: fc.array(tiny, { minLength: 1_000, maxLength: 5_000 }), weight: 1 });
  }
  return fc.oneof(...parts);
}

function scalarFor(name: string, ctx: Ctx): fc.Arbitrary<unknown> {
  switch (name) {
    case 'ID':
      return idArbitrary(ctx.pools, ctx.owner, ctx.field);
    case 'Int':
      return anyIntLike();
    case 'Float':
      return anyFloatLike();
    case 'Boolean':
      return fc.oneof({ arbitrary: fc.boolean(), weight: 40 }, { arbitrary: fc.constantFrom('true', 1, 0, 'false'), weight: 1 });
    case 'DateTime':
      return fc.oneof(
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        fc.constantFrom('2024-02-30T00:00:00Z', 'yesterday', '', '0000-00-00', '+275760-09-13T00:00:00.001Z', 1e20),
      );
    default:
      return fc.oneof({ arbitrary: anyString(ctx.depth < 9), weight: 40 }, { arbitrary: wrongType(), weight: 1 });
  }
}

// ---- documents -----------------------------------------------------------------------------

/** Every field of the Mutation type, with its one `input` argument's type (when it has one). */
export function mutationFields(schema: GraphQLSchema): GraphQLField<unknown, unknown>[] {
  const mutation = schema.getMutationType();
  return mutation ? Object.values(mutation.getFields()) : [];
}

/** Every field of the Query type. */
export function queryFields(schema: GraphQLSchema): GraphQLField<unknown, unknown>[] {
  return Object.values(schema.getQueryType()?.getFields() ?? {}).filter((f) => !f.name.startsWith('__'));
}

/**
 * A document for one field of Mutation or Query: every argument as a variable of its declared
 * type, and a selection of the result two levels deep (leaves, then the leaves of object fields).
 */
export function operationDocument(field: GraphQLField<unknown, unknown>, operation: 'mutation' | 'query' = 'mutation'): string {
  const vars = field.args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
  const args = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const selection = selectionFor(field.type, 1);
  return `${operation} Fuzz${vars ? `(${vars})` : ''} { ${field.name}${args ? `(${args})` : ''}${selection} }`;
}
export const mutationDocument = (field: GraphQLField<unknown, unknown>) => operationDocument(field, 'mutation');

function selectionFor(type: GraphQLOutputType, depth: number): string {
  const named = getNamedType(type);
  if (isLeafType(named)) return '';
  if (isUnionType(named) || !(isObjectType(named) || isInterfaceType(named))) return ' { __typename }';
  const parts: string[] = isInterfaceType(named) ? ['__typename'] : [];
  for (const f of Object.values((named as GraphQLObjectType).getFields())) {
    if (f.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) continue;
    const inner = getNamedType(f.type);
    if (isLeafType(inner)) parts.push(f.name);
    else if (depth > 0) parts.push(`${f.name}${selectionFor(f.type, depth - 1)}`);
  }
  if (parts.length === 0) parts.push('__typename');
  return ` { ${parts.join(' ')} }`;
}

// ---- targeted examples ---------------------------------------------------------------------

/** A plain, well-typed value for a field: its hint's first sample, else a harmless default. */
function plainValue(type: GraphQLInputType, pools: FuzzPools, owner: string, field: string): unknown {
  const inner = isNonNullType(type) ? type.ofType : type;
  const hint = pools.hints[`${owner}.${field}`] ?? pools.hints[field];
  if (hint) return fc.sample(hint, { numRuns: 1, seed: 1 })[0];
  if (isListType(inner)) return [];
  if (isInputObjectType(inner)) {
    return Object.fromEntries(
      Object.values(inner.getFields())
        .filter((f) => isNonNullType(f.type))
        .map((f) => [f.name, plainValue(f.type, pools, inner.name, f.name)]),
    );
  }
  if (isEnumType(inner)) return inner.getValues()[0].name;
  if (isScalarType(inner)) {
    const wanted = idTypeOf(owner, field) as keyof FuzzPools['ids'] | undefined;
    const ids = (wanted && pools.ids[wanted]) || Object.values(pools.ids).flat();
    return { ID: ids[0], Int: 1, Float: 0, Boolean: true, String: 'plain-value-1' }[inner.name] ?? 'plain-value-1';
  }
  return null;
}

/**
 * For each String argument and each String field of an input argument, variables where it
 * holds `poison` and every other required field a plain value: so a field whose validation
 * misses NUL (which PostgreSQL text cannot hold) is found in every run, not by luck.
 */
export function poisonedStringExamples(field: GraphQLField<unknown, unknown>, pools: FuzzPools, poison: string): Record<string, unknown>[] {
  const isString = (t: GraphQLInputType) => {
    const named = getNamedType(t);
    return isScalarType(named) && named.name === 'String';
  };
  const isList = (t: GraphQLInputType) => isListType(isNonNullType(t) ? t.ofType : t);
  // Only what is required besides the poisoned value: an optional argument could win over it
  // (orgUnit(id:, code:) reads the id first).
  const required = <T extends { type: GraphQLInputType; name: string }>(list: readonly T[]) => list.filter((x) => isNonNullType(x.type));
  const plainArgs = () => Object.fromEntries(required(field.args).map((a) => [a.name, plainValue(a.type, pools, field.name, a.name)]));
  const out: Record<string, unknown>[] = [];
  for (const arg of field.args) {
    // A String argument itself (queries: code, search, after, …).
    if (isString(arg.type)) out.push({ ...plainArgs(), [arg.name]: isList(arg.type) ? [poison] : poison });
    const inner = isNonNullType(arg.type) ? arg.type.ofType : arg.type;
    if (!isInputObjectType(inner)) continue;
    // A String field of an input object argument (mutations: input.name, …).
    const fields = Object.values(inner.getFields());
    const plain = Object.fromEntries(required(fields).map((g) => [g.name, plainValue(g.type, pools, inner.name, g.name)]));
    for (const f of fields) {
      if (!isString(f.type)) continue;
      out.push({ ...plainArgs(), [arg.name]: { ...plain, [f.name]: isList(f.type) ? [poison] : poison } });
    }
  }
  return out;
}
