import 'reflect-metadata';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/app-config.js';
import { cleanupAll, runToExit } from '../support/process.js';

afterAll(cleanupAll);

describe('bad configuration stops the built server at once', () => {
  // Each case: the variable named on stderr, and the environment that is wrong.
  const cases: [string, Record<string, string>][] = [
    ['PORT', { PORT: 'abc' }],
    ['PORT', { PORT: '70000' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://x' }],
    ['SEED_DEMO', { SEED_DEMO: 'maybe' }],
    ['ADMIN_PASSWORD', { ADMIN_PASSWORD: 'short' }],
    ['JWT_SECRET', { JWT_SECRET: 'too-short' }],
    ['TRUST_PROXY', { TRUST_PROXY: 'everyone' }],
    ['DB_POOL_SIZE', { DB_POOL_SIZE: '1' }],
    ['NODE_ENV', { NODE_ENV: 'staging' }],
    ['PUBLIC_URL', { PUBLIC_URL: 'open311.example.cn' }],
  ];

  it.each(cases)('%s (%j) → exit 1 and one stderr line naming it', async (variable, env) => {
    // DATA_DIR points nowhere useful: the process must not get as far as starting a database.
    const result = await runToExit({ DATABASE_URL: undefined, DATA_DIR: '/nonexistent/never-created', ...env });
    expect(result.code).toBe(1);
    expect(result.stderr).toHaveLength(1);
    expect(result.stderr[0]).toMatch(new RegExp(`^Invalid configuration: ${variable}\\b`));
    expect(result.stdout).toEqual([]);
  });
});

describe('loadConfig', () => {
  it('has typed defaults', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.DATA_DIR).toBe('./.data');
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.LOG_LEVEL).toBe('info');
    expect(config.NODE_ENV).toBe('development');
    expect(config.ADMIN_USERNAME).toBe('admin');
    expect(config.JWT_EXPIRES_IN_SECONDS).toBe(12 * 3600);
    expect(config.DB_POOL_SIZE).toBe(10);
    expect(config.STATEMENT_TIMEOUT_MS).toBe(15_000);
    expect(config.STAR_THRESHOLDS).toBe('100,300,600,1000,1500');
    expect(config.OFFICE_HOURS).toBe('08:30-12:00,14:30-17:30');
    expect(config.embeddedDatabase).toBe(true);
    expect(config.production).toBe(false);
    expect(config.REGISTER_LIMIT_PER_HOUR).toBe(20);
    expect(config.trustProxy).toBe(false);
    expect(config.WS_MAX_SUBSCRIPTIONS_PER_CONNECTION).toBe(20);
    expect(config.WS_MAX_CONNECTIONS_PER_USER).toBe(10);
  });

  it('reads TRUST_PROXY as a hop count or a list of proxies', () => {
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '127.0.0.1,10.0.0.0/8' }).trustProxy).toEqual(['127.0.0.1', '10.0.0.0/8']);
    expect(loadConfig({ TRUST_PROXY: 'off' }).trustProxy).toBe(false);
  });

  it('validates the Open311 variables, with their defaults', () => {
    const defaults = loadConfig({ PORT: '8080' });
    expect(defaults.OPEN311_JURISDICTION).toBe('xuchang');
    expect(defaults.OPEN311_PUBLIC_DESCRIPTIONS).toBe(false);
    expect(defaults.publicUrl).toBe('http://localhost:8080');
    const set = loadConfig({ OPEN311_JURISDICTION: 'xuchang.weidu', OPEN311_PUBLIC_DESCRIPTIONS: 'true', PUBLIC_URL: 'https://gov.example.cn/grid/' });
    expect(set.OPEN311_JURISDICTION).toBe('xuchang.weidu');
    expect(set.OPEN311_PUBLIC_DESCRIPTIONS).toBe(true);
    expect(set.publicUrl).toBe('https://gov.example.cn/grid');
    expect(() => loadConfig({ OPEN311_JURISDICTION: '许昌' })).toThrow(/^Invalid configuration: OPEN311_JURISDICTION/);
    expect(() => loadConfig({ OPEN311_PUBLIC_DESCRIPTIONS: 'sometimes' })).toThrow(/^Invalid configuration: OPEN311_PUBLIC_DESCRIPTIONS/);
    expect(() => loadConfig({ PUBLIC_URL: 'https://gov.example.cn/?x=1' })).toThrow(/^Invalid configuration: PUBLIC_URL/);
    expect(() => loadConfig({ PUBLIC_URL: 'ftp://gov.example.cn' })).toThrow(ConfigError);
  });

  it('seeds the demo by default only with the embedded database', () => {
    expect(loadConfig({}).seedDemo).toBe(true);
    const external = loadConfig({ DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db' });
    expect(external.embeddedDatabase).toBe(false);
    expect(external.seedDemo).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgresql://127.0.0.1/db', SEED_DEMO: 'yes' }).seedDemo).toBe(true);
    expect(loadConfig({ SEED_DEMO: 'off' }).seedDemo).toBe(false);
  });

  it('converts strings to numbers and booleans', () => {
    const config = loadConfig({
      PORT: ' 8080 ',
      DB_POOL_SIZE: '20',
      STATEMENT_TIMEOUT_MS: '2500',
      SEED_DEMO: 'FALSE',
      RATE_LIMIT_PER_MINUTE: '5',
      NODE_ENV: 'production',
      JWT_SECRET: 'a-production-secret-of-32-bytes!',
      LOG_LEVEL: 'debug',
    });
    expect(config.PORT).toBe(8080);
    expect(config.DB_POOL_SIZE).toBe(20);
    expect(config.STATEMENT_TIMEOUT_MS).toBe(2500);
    expect(config.RATE_LIMIT_PER_MINUTE).toBe(5);
    expect(config.SEED_DEMO).toBe(false);
    expect(config.production).toBe(true);
    expect(config.LOG_LEVEL).toBe('debug');
    for (const v of ['1', 'true', 'Yes', 'ON']) expect(loadConfig({ SEED_DEMO: v }).SEED_DEMO).toBe(true);
    for (const v of ['0', 'false', 'no', 'off']) expect(loadConfig({ SEED_DEMO: v }).SEED_DEMO).toBe(false);
  });

  it('treats empty optional values as unset and ignores unknown variables', () => {
    const config = loadConfig({ DATABASE_URL: '', ADMIN_PASSWORD: ' ', JWT_SECRET: '', SOMETHING_ELSE: 'x' });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.ADMIN_PASSWORD).toBeUndefined();
    expect(config.JWT_SECRET).toBeUndefined();
    expect(config.embeddedDatabase).toBe(true);
    expect(config).not.toHaveProperty('SOMETHING_ELSE');
  });

  it('accepts PORT=0 (any free port) and the bounds', () => {
    expect(loadConfig({ PORT: '0' }).PORT).toBe(0);
    expect(loadConfig({ PORT: '65535' }).PORT).toBe(65535);
  });

  it.each([
    ['PORT', { PORT: 'abc' }],
    ['PORT', { PORT: '3000.5' }],
    ['PORT', { PORT: '-1' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://x' }],
    ['SEED_DEMO', { SEED_DEMO: 'maybe' }],
    ['ADMIN_PASSWORD', { ADMIN_PASSWORD: 'short' }],
    ['ADMIN_PASSWORD', { ADMIN_PASSWORD: 'x'.repeat(129) }],
    ['ADMIN_USERNAME', { ADMIN_USERNAME: 'a b' }],
    ['JWT_EXPIRES_IN_SECONDS', { JWT_EXPIRES_IN_SECONDS: '59' }],
    ['DB_POOL_SIZE', { DB_POOL_SIZE: '201' }],
    ['STATEMENT_TIMEOUT_MS', { STATEMENT_TIMEOUT_MS: '99' }],
    ['DATA_DIR', { DATA_DIR: '' }],
    ['STAR_THRESHOLDS', { STAR_THRESHOLDS: '100,300,200,1000,1500' }],
    ['STAR_THRESHOLDS', { STAR_THRESHOLDS: '100,300' }],
    ['OFFICE_HOURS', { OFFICE_HOURS: '14:30-17:30,08:30-12:00' }],
    ['OFFICE_HOURS', { OFFICE_HOURS: '8.30-12' }],
    ['OFFICE_HOURS', { OFFICE_HOURS: '' }],
    ['REGISTER_LIMIT_PER_HOUR', { REGISTER_LIMIT_PER_HOUR: '0' }],
    ['TRUST_PROXY', { TRUST_PROXY: 'true' }],
    ['TRUST_PROXY', { TRUST_PROXY: '10.0.0.0/40' }],
    ['WS_MAX_SUBSCRIPTIONS_PER_CONNECTION', { WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: '0' }],
    ['WS_MAX_CONNECTIONS_PER_USER', { WS_MAX_CONNECTIONS_PER_USER: 'many' }],
    ['JWT_SECRET', { NODE_ENV: 'production' }],
  ])('rejects a bad %s with a one-line ConfigError naming it (%j)', (variable, env) => {
    let caught: unknown;
    try {
      loadConfig(env);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const message = (caught as Error).message;
    expect(message).toMatch(new RegExp(`^Invalid configuration: ${variable}: `));
    expect(message).not.toContain('\n');
  });

  it('never echoes a rejected secret', () => {
    expect(() => loadConfig({ ADMIN_PASSWORD: 'hunter2' })).toThrow(/^(?!.*hunter2)/);
    expect(() => loadConfig({ JWT_SECRET: 'sekrit-value' })).toThrow(/^(?!.*sekrit-value)/);
  });
});
