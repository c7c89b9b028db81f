import {
  getNamedType,
  GraphQLError,
  isInterfaceType,
  isObjectType,
  Kind,
  Lexer,
  Source,
  TokenKind,
  type ASTVisitor,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
  type ValueNode,
  type VariableDefinitionNode,
} from 'graphql';

/**
 * Limits on a GraphQL document, all checked before anything executes. Every refusal is a
 * GRAPHQL_VALIDATION_FAILED with HTTP 400 (through the one error formatter).
 *
 * - depth: fields nested inside each other, root fields at depth 1 (fragments expanded).
 *   The README's whole-street pull is 11 deep.
 * - aliases: aliased fields anywhere in the document.
 * - cost: the most objects the document can pull through paged lists:
 *
 *       cost(selection) = Σ over fields f with a `first` argument of  n(f) × (1 + cost(f's selection))
 *                       + Σ over other fields f of                      cost(f's selection)
 *
 *   where n(f) is `first` (default 20; `first: $var` counts the variable's literal default
 *   or else the largest page, 100). So a connection's objects are multiplied by every
 *   `first` around them: the README pull, street → children(first: 100) → children(first:
 *   100) → children(first: 100), costs 100 + 100² + 100³ = 1,010,100 and passes the
 *   default limit (2,000,000); the same under any list (orgUnits(first: 20) → 20.2
 *   million), a fourth level of 100 (101 million), or two such pulls in one document are
 *   refused. Lists without paging (ancestors, responders, boundary, events) and scalars
 *   cost nothing: they are small and come with their object.
 * - bytes and tokens of the document text: checked in a preParsing hook, so an oversized
 *   document is never parsed into a tree.
 *
 * Introspection (`__schema`, `__type` and everything under them) never counts: the
 * standard introspection query is 15 levels deep.
 */
export interface GraphQLLimits {
  maxDepth: number;
  maxAliases: number;
  maxCost: number;
  maxBytes: number;
  maxTokens: number;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

const INTROSPECTION_ROOTS = new Set(['__schema', '__type']);

const isIntrospection = (field: FieldNode) => INTROSPECTION_ROOTS.has(field.name.value);

/** The three document rules, for the `validationRules` of the GraphQL module. */
export function graphqlLimitRules(limits: Pick<GraphQLLimits, 'maxDepth' | 'maxAliases' | 'maxCost'>): ValidationRule[] {
  return [depthLimitRule(limits.maxDepth), aliasLimitRule(limits.maxAliases), costLimitRule(limits.maxCost)];
}

export function depthLimitRule(maxDepth: number): ValidationRule {
  return (context) => ({
    OperationDefinition(operation) {
      const depth = new DocumentWalker(context).depth(operation.selectionSet);
      if (depth > maxDepth) {
        context.reportError(
          new GraphQLError(`The document is ${depth} levels deep; at most ${maxDepth} are allowed`, { nodes: operation }),
        );
      }
    },
  });
}

export function aliasLimitRule(maxAliases: number): ValidationRule {
  return (context) => {
    let count = 0;
    let reported = false;
    const visitor: ASTVisitor = {
      Field(field) {
        if (isIntrospection(field)) return false;
        if (field.alias) count++;
        if (count > maxAliases && !reported) {
          reported = true;
          context.reportError(new GraphQLError(`The document has more than ${maxAliases} aliases`, { nodes: field }));
        }
        return undefined;
      },
    };
    return visitor;
  };
}

export function costLimitRule(maxCost: number): ValidationRule {
  return (context) => ({
    OperationDefinition(operation) {
      const root = context.getSchema().getRootType(operation.operation) ?? undefined;
      const cost = new DocumentWalker(context, operation.variableDefinitions).cost(operation.selectionSet, root);
      if (cost > maxCost) {
        context.reportError(
          new GraphQLError(
            `The document may pull ${formatCount(cost)} objects through paged lists; at most ${formatCount(maxCost)} are allowed (ask for smaller pages or fewer nested lists)`,
            { nodes: operation },
          ),
        );
      }
    },
  });
}

/**
 * Walks an operation's selections with fragments expanded. Each fragment's depth and cost
 * is computed once (cost is linear in the multiplier around it), so nested fragments
 * cannot make the walk itself expensive; a fragment cycle (reported by graphql-js's own
 * rule) counts as nothing. Types are followed so that a connection left at its default
 * page (no `first` given) still counts 20.
 */
class DocumentWalker {
  private readonly fragmentDepth = new Map<string, number>();
  private readonly fragmentCost = new Map<string, number>();
  private readonly active = new Set<string>();

  constructor(
    private readonly context: Pick<ValidationContext, 'getFragment' | 'getSchema'>,
    private readonly variables: readonly VariableDefinitionNode[] = [],
  ) {}

  depth(selectionSet: SelectionSetNode | undefined): number {
    let deepest = 0;
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        if (isIntrospection(selection)) continue;
        deepest = Math.max(deepest, 1 + this.depth(selection.selectionSet));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        deepest = Math.max(deepest, this.depth(selection.selectionSet));
      } else {
        deepest = Math.max(deepest, this.viaFragment(selection.name.value, this.fragmentDepth, (f) => this.depth(f.selectionSet)));
      }
    }
    return deepest;
  }

  cost(selectionSet: SelectionSetNode | undefined, parentType: GraphQLNamedType | undefined): number {
    let total = 0;
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        if (isIntrospection(selection)) continue;
        const definition = fieldDefinition(parentType, selection.name.value);
        const inner = this.cost(selection.selectionSet, definition ? getNamedType(definition.type) : undefined);
        const first = this.pageSize(selection, definition);
        total += first === undefined ? inner : first * (1 + inner);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? this.schemaType(selection.typeCondition.name.value) : parentType;
        total += this.cost(selection.selectionSet, type);
      } else {
        total += this.viaFragment(selection.name.value, this.fragmentCost, (f) =>
          this.cost(f.selectionSet, this.schemaType(f.typeCondition.name.value)),
        );
      }
    }
    return total;
  }

  private schemaType(name: string): GraphQLNamedType | undefined {
    return this.context.getSchema().getType(name) ?? undefined;
  }

  private viaFragment(name: string, memo: Map<string, number>, measure: (f: FragmentDefinitionNode) => number): number {
    const known = memo.get(name);
    if (known !== undefined) return known;
    const fragment = this.context.getFragment(name);
    if (!fragment || this.active.has(name)) return 0;
    this.active.add(name);
    const value = measure(fragment);
    this.active.delete(name);
    memo.set(name, value);
    return value;
  }

  /** The page size of a paged field (one with a `first` argument); undefined for any other. */
  private pageSize(field: FieldNode, definition: GraphQLField<unknown, unknown> | undefined): number | undefined {
    const argument = field.arguments?.find((a) => a.name.value === 'first');
    if (!argument) return definition?.args.some((a) => a.name === 'first') ? DEFAULT_PAGE_SIZE : undefined;
    return this.intValue(argument.value) ?? MAX_PAGE_SIZE;
  }

  private intValue(value: ValueNode): number | undefined {
    if (value.kind === Kind.INT) return Math.max(1, Number(value.value));
    if (value.kind === Kind.NULL) return DEFAULT_PAGE_SIZE;
    if (value.kind === Kind.VARIABLE) {
      const definition = this.variables.find((v) => v.variable.name.value === value.name.value);
      return definition?.defaultValue ? this.intValue(definition.defaultValue) : undefined;
    }
    return undefined;
  }
}

function fieldDefinition(type: GraphQLNamedType | undefined, name: string): GraphQLField<unknown, unknown> | undefined {
  if (!type || !(isObjectType(type) || isInterfaceType(type))) return undefined;
  return type.getFields()[name];
}

function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** Size of a document: its UTF-8 bytes, and its tokens (counting stops past `limit`). */
export function countTokens(source: string, limit: number): number {
  const lexer = new Lexer(new Source(source));
  let count = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) {
      if (++count > limit) break;
    }
  } catch {
    // A syntax error: the parser reports it properly.
  }
  return count;
}

/** The error a preParsing hook throws: shaped like Mercurius's validation error, so it answers 400. */
export class DocumentLimitError extends Error {
  readonly code = 'MER_ERR_GQL_VALIDATION';
  readonly statusCode = 400;
  readonly errors: GraphQLError[];
  constructor(message: string) {
    super(message);
    this.name = 'DocumentLimitError';
    this.errors = [new GraphQLError(message)];
  }
}

/** Why a document breaks the byte or token limit, or undefined when it does not; before any parsing. */
export function documentSizeRefusal(limits: Pick<GraphQLLimits, 'maxBytes' | 'maxTokens'>, source: string): string | undefined {
  // A UTF-8 character is at most 3 bytes per UTF-16 unit: only count when it may matter.
  if (source.length * 3 > limits.maxBytes) {
    const bytes = Buffer.byteLength(source, 'utf8');
    if (bytes > limits.maxBytes) return `The document is ${formatCount(bytes)} bytes; at most ${formatCount(limits.maxBytes)} are allowed`;
  }
  // Every token is at least one character.
  if (source.length > limits.maxTokens && countTokens(source, limits.maxTokens) > limits.maxTokens) {
    return `The document has more than ${formatCount(limits.maxTokens)} tokens`;
  }
  return undefined;
}

/** Mercurius preParsing hook: refuses a document over the byte or token limit before it is parsed. */
export function documentSizeHook(limits: Pick<GraphQLLimits, 'maxBytes' | 'maxTokens'>) {
  return async (_schema: unknown, source: string): Promise<void> => {
    if (typeof source !== 'string') return;
    const refusal = documentSizeRefusal(limits, source);
    if (refusal) throw new DocumentLimitError(refusal);
  };
}

/** The limits the configuration asks for. */
export function graphqlLimits(config: {
  GRAPHQL_MAX_DEPTH: number;
  GRAPHQL_MAX_ALIASES: number;
  GRAPHQL_MAX_COST: number;
  GRAPHQL_MAX_BYTES: number;
  GRAPHQL_MAX_TOKENS: number;
}): GraphQLLimits {
  return {
    maxDepth: config.GRAPHQL_MAX_DEPTH,
    maxAliases: config.GRAPHQL_MAX_ALIASES,
    maxCost: config.GRAPHQL_MAX_COST,
    maxBytes: config.GRAPHQL_MAX_BYTES,
    maxTokens: config.GRAPHQL_MAX_TOKENS,
  };
}
