import { Module } from '@nestjs/common';
import { OrgModule } from '../org/org.module.js';
import { MembersService } from './members.service.js';
import { PeopleLoaders } from './people.loaders.js';
import { PeopleRepository } from './people.repository.js';
import { MemberResolver, OrgUnitPeopleResolver, UserResolver } from './people.resolver.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [OrgModule],
  providers: [
    PeopleRepository,
    PeopleLoaders,
    MembersService,
    UsersService,
    MemberResolver,
    OrgUnitPeopleResolver,
    UserResolver,
  ],
  exports: [PeopleRepository, PeopleLoaders, MembersService, UsersService],
})
export class PeopleModule {}
