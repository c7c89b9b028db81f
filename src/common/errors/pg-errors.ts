import { conflict, DomainError } from './domain-error.js';

interface PgLikeError {
  code?: string;
  constraint?: string;
  driverError?: PgLikeError;
}

/** Maps PostgreSQL errors that mean "not now" (constraints, serialisation) to domain errors. */
export function translatePgError(error: unknown): DomainError | undefined {
  const pg = ((error as PgLikeError)?.driverError ?? error) as PgLikeError;
  if (!pg || typeof pg.code !== 'string') return undefined;
  switch (pg.code) {
    case '23505':
      return conflict(uniqueMessages[pg.constraint ?? ''] ?? 'That value is already taken');
    case '23514':
    case '23503':
      return conflict(`The change breaks a rule of the data (${pg.constraint ?? pg.code})`);
    case '40001':
    case '40P01':
      return conflict('A concurrent change got there first; try again');
    default:
      return undefined;
  }
}

const uniqueMessages: Record<string, string> = {
  org_unit_code_key: 'An org unit with that code already exists',
  app_user_member_active_key: 'That member already has an active account',
};
