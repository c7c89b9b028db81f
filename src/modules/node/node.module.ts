import { Global, Module } from '@nestjs/common';
import { FieldSources } from '../../common/graphql/field-sources.js';
import { NodeRegistry } from '../../common/graphql/node-registry.js';
import { NodeResolver } from './node.resolver.js';

@Global()
@Module({ providers: [NodeRegistry, FieldSources, NodeResolver], exports: [NodeRegistry, FieldSources] })
export class NodeModule {}
