import { Module } from '@nestjs/common';
import { PolicyModule } from '../../common/auth/policy.module.js';
import { AuditModule } from '../audit/index.js';
import { NodeModule } from '../node/index.js';
import { OrgModule } from '../org/index.js';
import { AccountsService } from './accounts.service.js';
import { MembersService } from './members.service.js';
import { PasswordService } from './password.service.js';
import { PeopleFieldMaps } from './people.fields.js';
import { PeopleLoaders } from './people.loaders.js';
import { StopsResponding } from './people.ports.js';
import { PeopleRepository } from './people.repository.js';
import { MemberResolver, OrgUnitPeopleResolver, UserResolver } from './people.resolver.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [OrgModule, NodeModule, PolicyModule, AuditModule],
  providers: [
    PeopleRepository,
    PeopleLoaders,
    PasswordService,
    MembersService,
    UsersService,
    AccountsService,
    StopsResponding,
    PeopleFieldMaps,
    MemberResolver,
    OrgUnitPeopleResolver,
    UserResolver,
  ],
  exports: [MembersService, UsersService, AccountsService, StopsResponding, PeopleFieldMaps],
})
export class PeopleModule {}
