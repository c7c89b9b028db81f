import { Kind, type FragmentDefinitionNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * The names of the fields a client asks of the nodes of a connection (under `nodes` and
 * `edges { node }`, through fragments), so a list can fetch the rows those fields need in
 * its own statement instead of one more statement per field. Directives are ignored: a
 * field under @skip is still counted, which costs a join, never a wrong answer.
 */
export function connectionNodeFields(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>): Set<string> {
  return new Set(connectionNodeSelections(info).keys());
}

/** The fields asked under one field of a connection's nodes (`nodes { courtyard { … } }`). */
export function connectionNodeSubfields(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, field: string): Set<string> {
  const found = new Set<string>();
  for (const set of connectionNodeSelections(info).get(field) ?? []) addNames(set, info.fragments, found);
  return found;
}

/** Each field asked of a connection's nodes, with the selection sets under it. */
function connectionNodeSelections(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>): Map<string, SelectionSetNode[]> {
  const found = new Map<string, SelectionSetNode[]>();
  const add = (nodeSet: SelectionSetNode) => {
    for (const [name, sets] of fieldsOf(nodeSet, info.fragments)) found.set(name, [...(found.get(name) ?? []), ...sets]);
  };
  for (const node of info.fieldNodes) {
    if (!node.selectionSet) continue;
    for (const [name, set] of fieldsOf(node.selectionSet, info.fragments)) {
      if (name === 'nodes') for (const s of set) add(s);
      if (name === 'edges') {
        for (const s of set) for (const [edgeField, nodeSets] of fieldsOf(s, info.fragments)) {
          if (edgeField === 'node') for (const n of nodeSets) add(n);
        }
      }
    }
  }
  return found;
}

/** Each field name of a selection set (fragments flattened) with the selection sets under it. */
function fieldsOf(set: SelectionSetNode, fragments: Record<string, FragmentDefinitionNode>, seen = new Set<string>()): Map<string, SelectionSetNode[]> {
  const out = new Map<string, SelectionSetNode[]>();
  const visit = (s: SelectionSetNode) => {
    for (const selection of s.selections) {
      if (selection.kind === Kind.FIELD) {
        const list = out.get(selection.name.value) ?? [];
        if (selection.selectionSet) list.push(selection.selectionSet);
        out.set(selection.name.value, list);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet);
      } else {
        const name = selection.name.value;
        const fragment = fragments[name];
        if (fragment && !seen.has(name)) {
          seen.add(name);
          visit(fragment.selectionSet);
        }
      }
    }
  };
  visit(set);
  return out;
}

function addNames(set: SelectionSetNode, fragments: Record<string, FragmentDefinitionNode>, into: Set<string>): void {
  for (const name of fieldsOf(set, fragments).keys()) into.add(name);
}
