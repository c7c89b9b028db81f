import { Module } from '@nestjs/common';
import { Policy } from './policy.js';

/** The one Policy, for every module that authorises something (imported, not global). */
@Module({ providers: [Policy], exports: [Policy] })
export class PolicyModule {}
