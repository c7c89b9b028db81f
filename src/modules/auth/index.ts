// The auth module's surface: signing in, tokens, and the guard that finds the caller of every
// operation. It owns the table login_failure; accounts (app_user) are the people module's.
export { AuthModule } from './auth.module.js';
export { AuthGuard } from './auth.guard.js';
export { AuthService } from './auth.service.js';
