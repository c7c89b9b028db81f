import { describe, expect, it } from 'vitest';
import { buildSchema, execute, parse, type GraphQLResolveInfo } from 'graphql';
import { connectionNodeFields } from '../../src/common/graphql/lookahead.js';

const schema = buildSchema(`
  type Query { list: Conn }
  type Conn { nodes: [Item] edges: [Edge] totalCount: Int }
  type Edge { node: Item cursor: String }
  type Item { id: ID assignee: String courtyard: String unit: String }
`);

/** The fields connectionNodeFields sees for `list` in a document. */
function asked(document: string): string[] {
  let seen: string[] = [];
  execute({
    schema,
    document: parse(document),
    rootValue: {
      list: (_: unknown, __: unknown, info: GraphQLResolveInfo) => {
        seen = [...connectionNodeFields(info)].sort();
        return null;
      },
    },
  });
  return seen;
}

describe('connectionNodeFields', () => {
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
});
