import type { GraphQLSchema } from 'graphql';
import type { CaseEnv, OperationEntry, Outcome, Variant } from './cases.js';
import { domainChecksum, ROLES, SCOPES, type RoleName, type Scope, type World } from './world.js';

export interface CaseResult {
  operation: string;
  variant: string;
  role: RoleName;
  scope: Scope;
  expected: Outcome;
  /** What happened: an outcome, or another error code. */
  actual: string;
  /** Why the case failed; undefined when it passed. */
  failure?: string;
}

/** The root fields the server serves, by kind. */
export function servedOperations(schema: GraphQLSchema): { query: string[]; mutation: string[] } {
  return {
    query: Object.keys(schema.getQueryType()?.getFields() ?? {}),
    mutation: Object.keys(schema.getMutationType()?.getFields() ?? {}),
  };
}

/** The differences between the served schema and the case table, as messages (empty when they agree). */
export function coverageProblems(schema: GraphQLSchema, table: Record<string, OperationEntry>): string[] {
  const served = servedOperations(schema);
  const problems: string[] = [];
  for (const kind of ['query', 'mutation'] as const) {
    for (const name of served[kind]) {
      const entry = table[name];
      if (!entry) {
        problems.push(`${kind} "${name}" is served but has no entry in the case table (test/support/matrix/cases.ts): add one`);
      } else if (entry.kind !== kind) {
        problems.push(`"${name}" is a ${kind} in the schema but a ${entry.kind} in the case table`);
      }
    }
  }
  for (const name of Object.keys(table)) {
    if (!served.query.includes(name) && !served.mutation.includes(name)) {
      problems.push(`the case table names "${name}", which the schema does not serve`);
    }
  }
  for (const [name, entry] of Object.entries(table)) {
    for (const scope of SCOPES) {
      if (!entry.variants.some((v) => (v.scopes ?? SCOPES).includes(scope))) {
        problems.push(`"${name}" has no variant that runs ${scope} of scope`);
      }
    }
  }
  return problems;
}

/** Runs one variant as every role in each of its scopes, sequentially. */
export async function runVariant(world: World, operation: string, variant: Variant): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const role of ROLES) {
    for (const scope of variant.scopes ?? SCOPES) {
      results.push(await runCase(world, operation, variant, role, scope));
    }
  }
  return results;
}

async function runCase(world: World, operation: string, variant: Variant, role: RoleName, scope: Scope): Promise<CaseResult> {
  const { server } = world;
  const expected = variant.expect(role, scope);
  const result: CaseResult = { operation, variant: variant.name, role, scope, expected, actual: '?' };
  const token = world.tokens[role];
  const env: CaseEnv = {
    world,
    role,
    scope,
    street: scope === 'in' ? world.A : world.B,
    other: scope === 'in' ? world.B : world.A,
    self: role === 'ANONYMOUS' ? undefined : world.users[role],
    gql: (query, variables) => server.gql(query, variables, token),
    sql: (query, params) => server.dataSource.query(query, params),
  };
  const fail = (why: string) => {
    result.failure = `${operation} [${variant.name}] as ${role}, ${scope} of scope: ${why}`;
    return result;
  };
  let prepared;
  try {
    prepared = await variant.prepare(env);
  } catch (error) {
    result.actual = 'SETUP';
    return fail(`setting up the case failed: ${(error as Error).message}`);
  }
  const refusal = expected !== 'OK' && expected !== 'HIDDEN';
  const before = refusal ? await domainChecksum(server) : undefined;
  const res = await server.gql(prepared.query, prepared.variables, prepared.token !== undefined ? prepared.token : token);
  const errors = res.body.errors ?? [];
  const value = (res.body.data as Record<string, unknown> | null | undefined)?.[operation];

  if (errors.length > 0) {
    result.actual = errors[0].extensions?.code ?? 'NO_CODE';
    if (!refusal) return fail(`expected ${expected}, got ${result.actual}: ${errors[0].message}`);
    if (result.actual !== expected) return fail(`expected ${expected}, got ${result.actual}: ${errors[0].message}`);
    if (errors.length !== 1) return fail(`expected one error, got ${JSON.stringify(errors)}`);
    if (value != null) return fail(`refused, but a result came back: ${JSON.stringify(value)}`);
    const after = await domainChecksum(server);
    const changed = Object.keys(after).filter((table) => after[table] !== before![table]);
    if (changed.length > 0) return fail(`refused with ${expected}, but the domain tables changed: ${changed.join(', ')}`);
    return result;
  }

  if (refusal) {
    result.actual = value === null ? 'NULL' : 'OK';
    return fail(`expected ${expected}, but it succeeded: ${JSON.stringify(value)?.slice(0, 300)}`);
  }
  const check = expected === 'OK' ? prepared.ok : prepared.hidden;
  try {
    if (!check) throw new Error(`the case has no ${expected === 'OK' ? 'ok' : 'hidden'} check`);
    await check(value);
    result.actual = expected;
    return result;
  } catch (error) {
    result.actual = expected === 'OK' ? (value === null ? 'NULL' : 'OK?') : 'SHOWN?';
    return fail(`expected ${expected}, the check failed: ${(error as Error).message.split('\n').slice(0, 12).join('\n')}`);
  }
}

const SHORT: Record<string, string> = {
  OK: 'ok',
  HIDDEN: 'hid',
  UNAUTHENTICATED: 'unauth',
  FORBIDDEN: 'forb',
  NOT_FOUND: 'nf',
  CONFLICT: 'conf',
  BAD_USER_INPUT: 'bad',
};

/** A compact table: one row per operation and variant, one column per role, "in/out" in each cell. */
export function formatTable(results: CaseResult[]): string {
  const rows = new Map<string, Map<RoleName, Partial<Record<Scope, CaseResult>>>>();
  for (const r of results) {
    const key = `${r.operation} · ${r.variant}`;
    if (!rows.has(key)) rows.set(key, new Map());
    const byRole = rows.get(key)!;
    byRole.set(r.role, { ...byRole.get(r.role), [r.scope]: r });
  }
  const cell = (r: CaseResult | undefined) =>
    !r ? '-' : r.failure ? `${SHORT[r.actual] ?? r.actual}!` : (SHORT[r.actual] ?? r.actual);
  const label = (key: string) => (key.length > 58 ? `${key.slice(0, 57)}…` : key);
  const width = Math.max(...[...rows.keys()].map((k) => label(k).length), 10);
  const headers = ROLES.map((r) => r.padEnd(15)).join('');
  const lines = [`${'operation · variant'.padEnd(width)}  ${headers}`];
  for (const [key, byRole] of rows) {
    const cells = ROLES.map((role) => {
      const { in: inScope, out } = byRole.get(role) ?? {};
      return `${cell(inScope)}/${cell(out)}`.padEnd(15);
    }).join('');
    lines.push(`${label(key).padEnd(width)}  ${cells}`);
  }
  lines.push('cells: in scope/out of scope; "-": not run in that scope; "!": not the expected outcome');
  return lines.join('\n');
}
