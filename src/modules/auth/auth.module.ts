import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Policy } from '../../common/auth/policy.js';
import { RateLimitModule } from '../../common/rate-limit/rate-limit.module.js';
import { PeopleModule } from '../people/people.module.js';
import { AuthGuard } from './auth.guard.js';
import { AuthRepository } from './auth.repository.js';
import { AuthResolver } from './auth.resolver.js';
import { AuthService } from './auth.service.js';
import { LoginThrottle } from './login-throttle.js';
import { PasswordService } from './password.service.js';
import { TokenService } from './token.service.js';

@Global()
@Module({
  imports: [PeopleModule, RateLimitModule],
  providers: [
    AuthRepository,
    AuthService,
    AuthResolver,
    LoginThrottle,
    PasswordService,
    TokenService,
    Policy,
    AuthGuard,
    { provide: APP_GUARD, useExisting: AuthGuard },
  ],
  exports: [Policy, PasswordService, TokenService, AuthGuard, AuthService],
})
export class AuthModule {}
