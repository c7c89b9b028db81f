import { Args, ArgsType, Field, Query, Resolver } from '@nestjs/graphql';
import { IsOptional, IsString, Matches } from 'class-validator';
import { CurrentActor, type Actor } from '../../common/auth/actor.js';
import { Policy } from '../../common/auth/policy.js';
import { PageArgs, type Connection } from '../../common/paging/paging.js';
import { AuditEntry, AuditEntryConnection } from './audit-entry.model.js';
import { AuditService } from './audit.service.js';

@ArgsType()
class AuditLogArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: 'Only entries of this action, e.g. LOGIN_FAILED.' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Z_]{1,40}$/, { message: 'action must be an action name such as LOGIN_FAILED' })
  action?: string | null;
}

@Resolver(() => AuditEntry)
export class AuditResolver {
  constructor(
    private readonly audit: AuditService,
    private readonly policy: Policy,
  ) {}

  @Query(() => AuditEntryConnection, {
    description: 'The audit log, newest first: everything for a CITY_ADMIN, their street for a STREET_ADMIN.',
  })
  auditLog(@Args() args: AuditLogArgs, @CurrentActor() actor: Actor): Promise<Connection<AuditEntry>> {
    return this.audit.page(this.policy.auditScope(actor), args.action ?? null, args);
  }
}
