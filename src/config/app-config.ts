import { isIP } from 'node:net';
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
  Validate,
  validateSync,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { DEFAULT_OFFICE_HOURS, parseOfficeHours } from './office-hours.js';
import { DEFAULT_STAR_THRESHOLDS, parseStarThresholds } from './star-thresholds.js';

@ValidatorConstraint({ name: 'officeHours' })
class OfficeHoursRule implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && parseOfficeHours(value) !== null;
  }
  defaultMessage(): string {
    return 'OFFICE_HOURS must be HH:MM-HH:MM spans of one day, in order and apart, comma-separated, e.g. 08:30-12:00,14:30-17:30';
  }
}

@ValidatorConstraint({ name: 'starThresholds' })
class StarThresholdsRule implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && parseStarThresholds(value) !== null;
  }
  defaultMessage(): string {
    return 'STAR_THRESHOLDS must be five increasing positive hour figures (at most one decimal), e.g. 100,300,600,1000,1500';
  }
}

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

/** Names proxy-addr (Fastify's trustProxy) knows for address ranges. */
const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * TRUST_PROXY as Fastify's `trustProxy` takes it: a hop count, or a comma-separated list of
 * proxy addresses and CIDRs (and proxy-addr's names loopback, linklocal, uniquelocal).
 * `true` (believe every hop) is refused: any client could then choose its own address.
 */
export function parseTrustProxy(value: string | undefined): false | number | string[] | undefined {
  if (value === undefined) return false;
  const v = value.trim().toLowerCase();
  if (['', 'false', 'off', 'no', '0'].includes(v)) return false;
  if (/^\d{1,3}$/.test(v)) return Number(v);
  const entries = v.split(',').map((e) => e.trim());
  for (const entry of entries) {
    if (PROXY_RANGE_NAMES.includes(entry)) continue;
    const [address, prefix, ...rest] = entry.split('/');
    const family = isIP(address);
    if (!family || rest.length > 0) return undefined;
    if (prefix !== undefined && !(/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128))) return undefined;
  }
  return entries;
}

@ValidatorConstraint({ name: 'trustProxy' })
class TrustProxyConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && parseTrustProxy(value) !== undefined;
  }
  defaultMessage(): string {
    return 'TRUST_PROXY must be off, a hop count, or a comma-separated list of proxy addresses or CIDRs';
  }
}

/** JWT_SECRET's minimum with NODE_ENV=production, in UTF-8 bytes (HS256 wants a 256-bit key). */
export const PRODUCTION_JWT_SECRET_MIN_BYTES = 32;

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

  /**
   * Sensitive: never logged. Required in production (32 bytes or more, checked in loadConfig);
   * elsewhere, unset means the key generated once and kept in the database (auth_signing_key).
   */
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

  /** registerResident (and volunteer self-registration) per address (IPv6 by /64) per hour, refused attempts included. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  REGISTER_LIMIT_PER_HOUR: number = 20;

  /** Which reverse proxies' X-Forwarded-For to believe (parseTrustProxy); unset: none, the peer is the client. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Validate(TrustProxyConstraint)
  TRUST_PROXY?: string;

  /** Live subscriptions one WebSocket connection may hold at once. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: number = 20;

  /** WebSocket connections one user may hold at once on this instance. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  WS_MAX_CONNECTIONS_PER_USER: number = 10;

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

  /**
   * Identical heavy reads asked at the same time (a quarter's ranking) share one run, each
   * caller getting a run that started after it asked (src/common/shared-runs.ts); false runs
   * each on its own.
   */
  @Transform(toBool)
  @IsBoolean({ message: 'SHARE_IDENTICAL_READS must be true or false' })
  SHARE_IDENTICAL_READS: boolean = true;

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

  /** Approved hours for star levels 1-5 (一星 to 五星): five increasing figures, tenths at most. */
  @IsString()
  @Validate(StarThresholdsRule)
  STAR_THRESHOLDS: string = DEFAULT_STAR_THRESHOLDS;

  /** Office hours of a workday (Asia/Shanghai), which working-time categories count. */
  @IsString()
  @Validate(OfficeHoursRule)
  OFFICE_HOURS: string = DEFAULT_OFFICE_HOURS;

  /**
   * Base tiles for the console's map, a Leaflet URL template ({z}/{x}/{y}, optional {s});
   * unset: the map draws boundaries on a blank background (works offline).
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^(https?:\/\/[^\s'"<>;,]+|\/[^\s'"<>;,]*)$/, {
    message: 'MAP_TILE_URL must be an http(s) URL template or a path on this server, e.g. https://t0.example/{z}/{x}/{y}.png',
  })
  MAP_TILE_URL?: string;

  /** The tiles' datum: stored coordinates are WGS84; GCJ02 tiles are shown by converting for display only. */
  @IsIn(['WGS84', 'GCJ02'], { message: 'MAP_TILE_CRS must be WGS84 or GCJ02' })
  MAP_TILE_CRS: 'WGS84' | 'GCJ02' = 'WGS84';

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

  /** TRUST_PROXY as Fastify's `trustProxy` option. */
  get trustProxy(): false | number | string[] {
    return parseTrustProxy(this.TRUST_PROXY) ?? false;
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
  const known = Object.keys(new AppConfig()).concat(['DATABASE_URL', 'ADMIN_PASSWORD', 'JWT_SECRET', 'SEED_DEMO', 'MAP_TILE_URL', 'TRUST_PROXY', 'PUBLIC_URL']);
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
  // A production server without a real key would sign tokens anyone could forge or, with a
  // generated one, depend on the database row; production names its key.
  if (config.production && Buffer.byteLength(config.JWT_SECRET ?? '', 'utf8') < PRODUCTION_JWT_SECRET_MIN_BYTES) {
    throw new ConfigError(
      `Invalid configuration: JWT_SECRET: with NODE_ENV=production, JWT_SECRET must be set, at least ${PRODUCTION_JWT_SECRET_MIN_BYTES} bytes`,
    );
  }
  return config;
}
