import { Module } from '@nestjs/common';
import { NodeRegistry } from '../../common/graphql/node-registry.js';
import { NodeResolver } from './node.resolver.js';

/** `node(id)`: modules that own node types import this module and register a fetcher for each. */
@Module({ providers: [NodeRegistry, NodeResolver], exports: [NodeRegistry] })
export class NodeModule {}
