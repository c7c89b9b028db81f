import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() !== '' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;

const toBool = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  return value;
};

const emptyToUndefined = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Every environment variable the server reads, validated once at boot.
 * Defaults are typed here so that nothing else reads process.env.
 */
export class AppConfig {
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3000;

  /** The address to listen on: all interfaces by default, 127.0.0.1 to keep it local. */
  @IsString()
  @Matches(/^[0-9A-Za-z.:_-]{1,255}$/, { message: 'HOST must be a host name or an IP address' })
  HOST: string = '0.0.0.0';

  /** postgres:// URL; unset means: start the embedded PostgreSQL in DATA_DIR. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  @IsString()
  @MinLength(1)
  DATA_DIR: string = './.data';

  @IsString()
  @Matches(/^[A-Za-z0-9_.@-]{3,64}$/, {
    message: 'ADMIN_USERNAME must be 3-64 letters, digits or _.@-',
  })
  ADMIN_USERNAME: string = 'admin';

  /** Sensitive: never logged. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(10, { message: 'ADMIN_PASSWORD must be 10-128 characters' })
  @MaxLength(128, { message: 'ADMIN_PASSWORD must be 10-128 characters' })
  ADMIN_PASSWORD?: string;

  /** Sensitive: never logged. Unset means a random secret per process. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'JWT_SECRET must be at least 16 characters' })
  JWT_SECRET?: string;

  /** Tokens' lifetime in seconds (default 12 h). */
  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(30 * 24 * 3600)
  JWT_EXPIRES_IN_SECONDS: number = 12 * 3600;

  /** Unset: on with the embedded database, off with DATABASE_URL. */
  @Transform(toBool)
  @IsOptional()
  @IsBoolean({ message: 'SEED_DEMO must be true or false' })
  SEED_DEMO?: boolean;

  @IsIn(LOG_LEVELS as unknown as string[], { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: LogLevel = 'info';

  @IsIn(['development', 'production', 'test'], { message: 'NODE_ENV must be development, production or test' })
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_PER_MINUTE: number = 600;

  /** GraphQL limits, checked before execution (GRAPHQL_VALIDATION_FAILED); see src/common/graphql/limits.ts. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  GRAPHQL_MAX_DEPTH: number = 12;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  GRAPHQL_MAX_ALIASES: number = 30;

  /** Objects a document may ask for through paged lists: Σ first × the firsts of the lists around it. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  GRAPHQL_MAX_COST: number = 2_000_000;

  /** Size of the document itself (not its variables), in UTF-8 bytes. */
  @Transform(toInt)
  @IsInt()
  @Min(256)
  GRAPHQL_MAX_BYTES: number = 65_536;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  GRAPHQL_MAX_TOKENS: number = 5_000;

  @Transform(toInt)
  @IsInt()
  @Min(2, { message: 'DB_POOL_SIZE must be 2-200 (migrations hold one connection for their lock)' })
  @Max(200)
  DB_POOL_SIZE: number = 10;

  /** Applied to every session of the pool, so no request holds a connection forever. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  STATEMENT_TIMEOUT_MS: number = 15_000;

  /** How often each instance looks for passed accept deadlines and unverified resolutions. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  ESCALATION_INTERVAL_MS: number = 15_000;

  /** A RESOLVED request nobody closes or reopens within this many hours is closed. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  AUTO_CLOSE_AFTER_HOURS: number = 72;

  /** The one Open311 jurisdiction served; a request naming another is 404. */
  @Matches(/^[A-Za-z0-9_.-]{1,64}$/, { message: 'OPEN311_JURISDICTION must be 1-64 letters, digits or _ . -' })
  OPEN311_JURISDICTION: string = 'xuchang';

  /** Open311 lists show descriptions only when true: residents write names and phone numbers into them. */
  @Transform(toBool)
  @IsBoolean({ message: 'OPEN311_PUBLIC_DESCRIPTIONS must be true or false' })
  OPEN311_PUBLIC_DESCRIPTIONS: boolean = false;

  /** Where clients reach this server (Open311 discovery names its endpoint by it); unset: http://localhost:PORT. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, { message: 'PUBLIC_URL must be an http:// or https:// URL without query or fragment' })
  PUBLIC_URL?: string;

  get publicUrl(): string {
    return (this.PUBLIC_URL ?? `http://localhost:${this.PORT}`).replace(/\/+$/, '');
  }

  get production(): boolean {
    return this.NODE_ENV === 'production';
  }

  get embeddedDatabase(): boolean {
    return !this.DATABASE_URL;
  }

  get seedDemo(): boolean {
    return this.SEED_DEMO ?? this.embeddedDatabase;
  }
}

export class ConfigError extends Error {}

const TYPE_CHECKS = ['isInt', 'isBoolean', 'isString', 'isIn', 'matches'];

/** Reads and validates the environment; throws ConfigError with one line naming the variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const known = Object.keys(new AppConfig()).concat(['DATABASE_URL', 'ADMIN_PASSWORD', 'JWT_SECRET', 'SEED_DEMO', 'PUBLIC_URL']);
  const picked: Record<string, string> = {};
  for (const key of known) {
    const value = env[key];
    if (value !== undefined) picked[key] = value;
  }
  const config = plainToInstance(AppConfig, picked);
  const errors = validateSync(config, { forbidUnknownValues: true });
  if (errors.length > 0) {
    const first = errors[0];
    const constraints = first.constraints ?? {};
    // The type check says the most ("must be an integer"), so it goes before the bounds.
    const key = TYPE_CHECKS.find((k) => k in constraints) ?? Object.keys(constraints)[0];
    const message = key ? constraints[key] : 'is invalid';
    throw new ConfigError(`Invalid configuration: ${first.property}: ${message}`);
  }
  return config;
}
