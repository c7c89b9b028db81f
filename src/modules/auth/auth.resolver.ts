import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { ClientAddress, CurrentActor, Public, type Actor } from '../../common/auth/actor.js';
import type { GqlContext } from '../../common/graphql/context.js';
import { unauthenticated } from '../../common/errors/domain-error.js';
import { AuthPayload, ChangePasswordInput, LoginInput, RegisterResidentInput, UsersService } from '../people/index.js';
import { AuthService } from './auth.service.js';

@Resolver()
export class AuthResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  @Public()
  @Mutation(() => AuthPayload)
  async login(@Args('input') input: LoginInput, @ClientAddress() address: string | null, @Context() ctx: GqlContext): Promise<AuthPayload> {
    const { token, userId } = await this.auth.login(input, address);
    return this.payload(token, userId, ctx);
  }

  @Public()
  @Mutation(() => AuthPayload)
  async registerResident(
    @Args('input') input: RegisterResidentInput,
    @ClientAddress() address: string | null,
    @Context() ctx: GqlContext,
  ): Promise<AuthPayload> {
    const { token, userId } = await this.auth.registerResident(input, address);
    return this.payload(token, userId, ctx);
  }

  @Mutation(() => Boolean, { description: 'Signs the user out everywhere: sign in again with the new password.' })
  changePassword(@Args('input') input: ChangePasswordInput, @CurrentActor() actor: Actor): Promise<boolean> {
    return this.auth.changePassword(actor, input);
  }

  /** The payload's user is read as that user sees themself (their full phone, their scope). */
  private async payload(token: string, userId: string, ctx: GqlContext): Promise<AuthPayload> {
    const self = await this.auth.actorOf(userId, ctx.req?.ip ?? null);
    if (!self) throw unauthenticated();
    ctx.actor ??= self;
    const user = await this.users.visible(ctx.loaders, self, userId);
    return { token, user: user! };
  }
}
