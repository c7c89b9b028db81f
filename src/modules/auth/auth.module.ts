import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { RateLimitModule } from '../../common/rate-limit/rate-limit.module.js';
import { AuditModule } from '../audit/index.js';
import { PeopleModule } from '../people/index.js';
import { AuthGuard } from './auth.guard.js';
import { AuthRepository } from './auth.repository.js';
import { AuthResolver } from './auth.resolver.js';
import { AuthService } from './auth.service.js';
import { LoginThrottle } from './login-throttle.js';
import { TokenService } from './token.service.js';

@Module({
  imports: [PeopleModule, AuditModule, RateLimitModule],
  providers: [
    AuthRepository,
    AuthService,
    AuthResolver,
    LoginThrottle,
    TokenService,
    AuthGuard,
    { provide: APP_GUARD, useExisting: AuthGuard },
  ],
  exports: [AuthGuard, AuthService],
})
export class AuthModule {}
