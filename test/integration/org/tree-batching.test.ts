import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import type { GraphQLObjectType } from 'graphql';
import { startTestServer, type TestServer } from '../../support/test-server.js';

/**
 * No N+1: pulling two whole streets with parent, ancestors, children and descendants costs
 * the same number of SQL statements whatever the size of the tree.
 */
let server: TestServer;
beforeAll(async () => {
  // DEEP pulls up to 100 streets × 100³ units (cost ≈ 102 million): far over the default
  // GRAPHQL_MAX_COST, which exists to refuse exactly that; this test wants the whole pull.
  server = await startTestServer({ LOG_LEVEL: process.env.DBG ? 'debug' : 'info', GRAPHQL_MAX_COST: '1000000000' });
  await server.dataSource.query(`INSERT INTO org_unit (level, code, name) VALUES
    ('STREET_COMMITTEE', 'A', '灞陵街道党委'), ('STREET_COMMITTEE', 'B', '西大街道党委')`);
});
afterAll(async () => {
  await server?.stop();
});

const LEVELS = ['GENERAL_BRANCH', 'BRANCH', 'COURTYARD_GROUP'] as const;

/** Gives every unit children numbered from..to, level by level (existing codes are kept), so the tree grows in place. */
async function grow(from: number, to: number): Promise<void> {
  const parents = ['STREET_COMMITTEE', ...LEVELS];
  for (let i = 0; i < LEVELS.length; i++) {
    await server.dataSource.query(
      `INSERT INTO org_unit (parent_id, level, code, name)
       SELECT p.id, $1::org_level, p.code || '-' || lpad(g::text, 2, '0'), p.name || '·' || g
         FROM org_unit p CROSS JOIN generate_series($3::int, $4::int) g
        WHERE p.level = $2::org_level
       ON CONFLICT (code) DO NOTHING`,
      [LEVELS[i], parents[i], from, to],
    );
  }
}

const DEEP = `{
  orgUnits(level: STREET_COMMITTEE, first: 100) {
    totalCount
    nodes {
      code ancestors { code } parent { code } openRequestCount
      descendants(level: COURTYARD_GROUP, first: 100) { totalCount nodes { code parent { code } } }
      children(first: 100) {
        totalCount
        nodes {
          code parent { code } ancestors { code } openRequestCount
          descendants(first: 100) { totalCount nodes { code } }
          children(first: 100) {
            totalCount
            nodes {
              code parent { code name } ancestors { code }
              children(first: 100) {
                totalCount
                nodes { code parent { code } ancestors { code name } openRequestCount }
              }
            }
          }
        }
      }
    }
  }
}`;

async function pull() {
  const before = server.sqlLogger.statementCount;
  const res = await server.gql(DEEP);
  expect(JSON.stringify(res.body.errors)).toBeUndefined();
  return { statements: server.sqlLogger.statementCount - before, data: res.body.data };
}

function countUnits(data: any): number {
  let n = 0;
  const walk = (units: any[]) => {
    for (const u of units) {
      n++;
      if (u.children) walk(u.children.nodes);
    }
  };
  walk(data.orgUnits.nodes);
  return n;
}

describe('the deep tree query', () => {
  it('sends the same number of statements for a small and a five times larger tree', async () => {
    // DataLoader batches close on the event loop, so a batch can now and then split in two when
    // one of its parents' reads returns a tick late. The fewest statements of three pulls is
    // what the query costs; an N+1 would show in every pull.
    const fewest = async () => {
      const pulls = [await pull(), await pull(), await pull()];
      return pulls.reduce((a, b) => (b.statements < a.statements ? b : a));
    };
    await grow(1, 2);
    const small = await fewest();
    await grow(1, 4);
    const mark = server.logLines.length;
    const large = await fewest();
    if (process.env.DBG) {
      const sqls = server.logLines.slice(mark).filter((l) => l.includes('"msg":"sql"')).map((l) => JSON.parse(l).sql.replace(/\s+/g, ' ').slice(0, 140));
      const counts = new Map<string, number>();
      for (const q of sqls) counts.set(q, (counts.get(q) ?? 0) + 1);
      console.log([...counts].map(([q, n]) => `${n} × ${q}`).join('\n'));
    }

    expect(countUnits(small.data)).toBe(2 * (1 + 2 + 4 + 8));
    expect(countUnits(large.data)).toBe(2 * (1 + 4 + 16 + 64));
    // Batches may merge differently from run to run, but never grow with the tree:
    // one statement per kind of read per level, not per unit.
    expect(large.statements).toBeLessThanOrEqual(small.statements);
    // The caller's lookup, then at most one statement per kind of read (units, children,
    // counts, descendants, open requests) per level of the query.
    expect(small.statements).toBeLessThanOrEqual(20);
    console.log(
      `deep tree query: ${countUnits(small.data)} units → ${small.statements} statements; ` +
        `${countUnits(large.data)} units → ${large.statements} statements`,
    );
  });

  it('returns each unit with its real parent, ancestors and descendants', async () => {
    const { data } = await pull();
    const street = data.orgUnits.nodes[0];
    expect(street.code).toBe('A');
    expect(street.ancestors).toEqual([]);
    expect(street.parent).toBeNull();
    expect(street.descendants.totalCount).toBe(64);
    const general = street.children.nodes[0];
    expect(general.parent.code).toBe('A');
    expect(general.descendants.totalCount).toBe(4 + 16);
    const courtyard = general.children.nodes[1].children.nodes[2];
    expect(courtyard.code).toBe('A-01-02-03');
    expect(courtyard.ancestors.map((a: { code: string }) => a.code)).toEqual(['A', 'A-01', 'A-01-02']);
    expect(courtyard.parent.code).toBe('A-01-02');
  });
});

describe('the served schema', () => {
  it('reads plain fields as properties and answers hot fields from the field maps, without NestJS resolvers', async () => {
    const schema = server.app.get(GraphQLSchemaHost).schema;
    const fields = (type: string) => (schema.getType(type) as GraphQLObjectType).getFields();
    // No resolver: GraphQL (and the compiled query) reads the property inline.
    for (const [type, name] of [['OrgUnit', 'code'], ['OrgUnit', 'name'], ['Member', 'name'], ['ServiceRequest', 'status'], ['OrgUnitConnection', 'nodes']]) {
      expect(fields(type)[name].resolve, `${type}.${name}`).toBeUndefined();
    }
    // Hot fields: the field map's own function (bound by graphql-tools), not NestJS's async pipeline.
    for (const [type, name] of [['OrgUnit', 'openRequestCount'], ['OrgUnit', 'secretary'], ['OrgUnit', 'children'], ['ServiceRequest', 'assignee']]) {
      const resolve = fields(type)[name].resolve!;
      expect(resolve, `${type}.${name}`).toBeTypeOf('function');
      expect(resolve.name, `${type}.${name}`).toBe(`bound ${name}`);
    }
  });
});
