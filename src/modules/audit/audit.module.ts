import { Module } from '@nestjs/common';
import { PolicyModule } from '../../common/auth/policy.module.js';
import { AuditResolver } from './audit.resolver.js';
import { AuditService } from './audit.service.js';

@Module({ imports: [PolicyModule], providers: [AuditService, AuditResolver], exports: [AuditService] })
export class AuditModule {}
