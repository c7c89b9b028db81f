// The node module's surface: `node(id)`. Modules that own node types import NodeModule and
// register a fetcher for each with NodeRegistry (src/common/graphql/node-registry.ts).
export { NodeModule } from './node.module.js';
