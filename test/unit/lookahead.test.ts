import { describe, expect, it } from 'vitest';
import { buildSchema, execute, parse, type GraphQLResolveInfo } from 'graphql';
import { connectionNodeSelection, type NodeSelection } from '../../src/common/graphql/lookahead.js';

const schema = buildSchema(`
  type Query { list: Conn }
  type Conn { nodes: [Item] edges: [Edge] totalCount: Int }
  type Edge { node: Item cursor: String }
  type Item { id: ID assignee: String courtyard: String unit: String }
`);

/** What connectionNodeSelection sees for `list` in a document: the node fields, sorted. */
function asked(document: string): string[] {
  let seen: string[] = [];
  execute({
    schema,
    document: parse(document),
    rootValue: {
      list: (_: unknown, __: unknown, info: GraphQLResolveInfo) => {
        seen = [...connectionNodeSelection(info).fields].sort();
        return null;
      },
    },
  });
  return seen;
}

describe('connectionNodeSelection', () => {
  it('reads the fields under nodes', () => {
    expect(asked('{ list { nodes { id assignee } } }')).toEqual(['assignee', 'id']);
  });

  it('reads the fields under edges.node', () => {
    expect(asked('{ list { edges { cursor node { courtyard } } } }')).toEqual(['courtyard']);
  });

  it('follows inline fragments and named fragments, also when nested and repeated', () => {
    const document = `
      query { list { ...Page ... on Conn { nodes { ... on Item { unit } } } } }
      fragment Page on Conn { nodes { ...ItemFields } edges { node { ...ItemFields } } }
      fragment ItemFields on Item { id assignee }`;
    expect(asked(document)).toEqual(['assignee', 'id', 'unit']);
  });

  it('sees nothing of the nodes when only the count is asked', () => {
    expect(asked('{ list { totalCount } }')).toEqual([]);
  });

  it('counts a field under @skip too (a join too many, never a missing row)', () => {
    expect(asked('{ list { nodes { id assignee @skip(if: true) } } }')).toEqual(['assignee', 'id']);
  });

  it('reads what is asked under a field of the nodes, through fragments', () => {
    const schema2 = buildSchema(`
      type Query { list: Conn }
      type Conn { nodes: [Item] edges: [Edge] }
      type Edge { node: Item }
      type Item { id: ID courtyard: Unit }
      type Unit { code: String boundary: [Int] }
    `);
    let selection: NodeSelection | undefined;
    execute({
      schema: schema2,
      document: parse(`{ list { nodes { courtyard { code } } edges { node { courtyard { ...B } } } } } fragment B on Unit { boundary }`),
      rootValue: { list: (_: unknown, __: unknown, info: GraphQLResolveInfo) => ((selection = connectionNodeSelection(info)), null) },
    });
    expect([...selection!.under('courtyard')].sort()).toEqual(['boundary', 'code']);
    expect([...selection!.under('id')]).toEqual([]);
  });

  it('walks a field node once: the same document gives the same selection, another document its own', () => {
    const run = (document: ReturnType<typeof parse>) => {
      let selection: NodeSelection | undefined;
      execute({ schema, document, rootValue: { list: (_: unknown, __: unknown, info: GraphQLResolveInfo) => ((selection = connectionNodeSelection(info)), null) } });
      return selection!;
    };
    const doc = parse('{ list { nodes { id } } }');
    expect(run(doc)).toBe(run(doc));
    const other = run(parse('{ list { nodes { assignee } } }'));
    expect([...other.fields]).toEqual(['assignee']);
  });
});
