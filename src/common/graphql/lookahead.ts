import { Kind, type FieldNode, type FragmentDefinitionNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/** What a client asks of a connection's nodes. */
export interface NodeSelection {
  /** The fields asked of the nodes. */
  fields: Set<string>;
  /** The fields asked under one field of the nodes (`nodes { courtyard { … } }`). */
  under(field: string): Set<string>;
}

/**
 * What a client asks of the nodes of a connection (under `nodes` and `edges { node }`,
 * through fragments), so a list can fetch the rows those fields need in its own statement
 * instead of one more statement per field. Directives are ignored: a field under @skip is
 * still counted, which costs a join, never a wrong answer.
 *
 * A field met once in its document (the usual case) is walked once per document, not per
 * call: a tree pull pages the children of dozens of units with the same field node, and
 * Mercurius keeps parsed documents, so their nodes are stable keys.
 */
export function connectionNodeSelection(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>): NodeSelection {
  if (info.fieldNodes.length !== 1) return walkNodeSelection(info);
  let selection = walked.get(info.fieldNodes[0]);
  if (!selection) walked.set(info.fieldNodes[0], (selection = walkNodeSelection(info)));
  return selection;
}

const walked = new WeakMap<FieldNode, NodeSelection>();

function walkNodeSelection(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>): NodeSelection {
  const sets = new Map<string, SelectionSetNode[]>();
  const add = (nodeSet: SelectionSetNode) => {
    for (const [name, under] of fieldsOf(nodeSet, info.fragments)) sets.set(name, [...(sets.get(name) ?? []), ...under]);
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
  const underCache = new Map<string, Set<string>>();
  return {
    fields: new Set(sets.keys()),
    under(field) {
      let names = underCache.get(field);
      if (!names) {
        names = new Set();
        for (const set of sets.get(field) ?? []) for (const name of fieldsOf(set, info.fragments).keys()) names.add(name);
        underCache.set(field, names);
      }
      return names;
    },
  };
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
