import { conflict, DomainError } from './domain-error.js';

interface PgLikeError {
  code?: string;
  constraint?: string;
  driverError?: PgLikeError;
}

/** PostgreSQL's error as pg raises it, also when TypeORM wraps it; undefined for anything else. */
function pgError(error: unknown): (PgLikeError & { code: string }) | undefined {
  const pg = ((error as PgLikeError)?.driverError ?? error) as PgLikeError;
  return pg && typeof pg.code === 'string' ? (pg as PgLikeError & { code: string }) : undefined;
}

/** The SQLSTATE of a PostgreSQL error; undefined for anything else. */
export function pgErrorCode(error: unknown): string | undefined {
  return pgError(error)?.code;
}

/** Maps PostgreSQL errors that mean "not now" (constraints, serialisation) to domain errors. */
export function translatePgError(error: unknown): DomainError | undefined {
  const pg = pgError(error);
  if (!pg) return undefined;
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
  volunteer_active_phone_key: 'An active volunteer with that phone is registered already',
  volunteer_user_key: 'That account has a volunteer record already',
  volunteer_signup_once: 'Signed up already',
  volunteer_star_level_once: 'That star level is awarded already',
  volunteer_hours_request_once: 'Hours for that request are credited already',
  app_user_member_active_key: 'That member already has an active account',
};
