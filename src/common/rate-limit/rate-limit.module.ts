import { Module } from '@nestjs/common';
import { RegistrationLimiter } from './registration-limiter.js';

/** The per-address registration limit, for every module that lets people sign themselves up. */
@Module({ providers: [RegistrationLimiter], exports: [RegistrationLimiter] })
export class RateLimitModule {}
