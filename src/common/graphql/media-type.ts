/**
 * GraphQL over HTTP's two response media types. `application/graphql-response+json` lets a
 * client tell a request error (4xx, no `data`) from a GraphQL response; `application/json`
 * is the legacy type, answered 200 whenever there is a GraphQL response to give.
 */
export const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json';
export const JSON_TYPE = 'application/json';

/**
 * Whether an Accept header asks for application/graphql-response+json at least as much as
 * for application/json (by q-value; a tie goes to the newer type). No Accept header, or
 * one that names neither, means application/json, as the specification says for clients
 * written before the new type existed.
 */
export function prefersGraphQLResponseJson(accept: string | string[] | undefined): boolean {
  const header = Array.isArray(accept) ? accept.join(',') : accept;
  if (!header) return false;
  let graphqlResponse = 0;
  let json = 0;
  for (const range of header.split(',')) {
    const [type, ...params] = range.split(';').map((part) => part.trim().toLowerCase());
    const qParam = params.find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (!Number.isFinite(q)) continue;
    if (type === GRAPHQL_RESPONSE_JSON) graphqlResponse = Math.max(graphqlResponse, q);
    else if (type === JSON_TYPE) json = Math.max(json, q);
  }
  return graphqlResponse > 0 && graphqlResponse >= json;
}
