import 'reflect-metadata';
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config/app-config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { createTestDatabase, type TestDatabase } from './test-db.js';

export interface TestServer extends RunningServer {
  db: TestDatabase;
  /** Every JSON log line the server wrote. */
  logLines: string[];
  /** A token of the bootstrap CITY_ADMIN (username admin). */
  adminToken: string;
  /**
   * POSTs a GraphQL document; returns the HTTP status and the parsed body. Without a
   * token argument it is sent as the bootstrap admin; pass null to send it anonymously.
   */
  gql<T = any>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<GqlResponse<T>>;
  /** Signs in and returns the token (throws when sign-in fails). */
  login(username: string, password: string): Promise<string>;
  stop(): Promise<void>;
}

export interface GqlResponse<T> {
  status: number;
  body: { data?: T | null; errors?: { message: string; extensions?: { code?: string; field?: string } }[] };
}

export interface TestServerOptions {
  /** Runs on the fresh database before the server starts; may return the URL the server uses instead. */
  beforeStart?: (db: TestDatabase) => Promise<string | void>;
}

/** The real server on its own database copy, listening on a free loopback port. */
export async function startTestServer(env: Record<string, string> = {}, options: TestServerOptions = {}): Promise<TestServer> {
  const db = await createTestDatabase();
  const url = (await options.beforeStart?.(db)) ?? db.url;
  const logLines: string[] = [];
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const config = loadConfig({
    DATABASE_URL: url,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    SEED_DEMO: 'false',
    NODE_ENV: 'test',
    JWT_SECRET: 'test-secret-test-secret-test-secret',
    ADMIN_PASSWORD: 'admin-password-1',
    // Every request of a test comes from 127.0.0.1: tests of the registration limit set their own.
    REGISTER_LIMIT_PER_HOUR: '100000',
    ...env,
  });
  const server = await startServer({ config, logStream, host: config.HOST });
  const login = async (username: string, password: string) => {
    const res = await postGraphQL<{ login: { token: string } }>(
      server.url,
      `mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { token } }`,
      { u: username, p: password },
    );
    if (!res.body.data?.login) throw new Error(`login ${username} failed: ${JSON.stringify(res.body.errors)}`);
    return res.body.data.login.token;
  };
  const adminToken = await login(config.ADMIN_USERNAME, config.ADMIN_PASSWORD!);
  return Object.assign(server, {
    db,
    logLines,
    adminToken,
    login,
    gql: <T>(query: string, variables?: Record<string, unknown>, token?: string | null) =>
      postGraphQL<T>(server.url, query, variables, token === undefined ? adminToken : (token ?? undefined)),
    stop: async () => {
      await server.close();
      await db.drop();
    },
  });
}

export async function postGraphQL<T>(
  baseUrl: string,
  query: string,
  variables?: Record<string, unknown>,
  token?: string,
): Promise<GqlResponse<T>> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    // As GraphQL-over-HTTP clients send it: request errors then answer 4xx (with application/json they are 200).
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json;q=0.9',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  let body: GqlResponse<T>['body'];
  try {
    body = JSON.parse(text);
  } catch {
    body = { errors: [{ message: text }] };
  }
  return { status: response.status, body };
}

/** The first error's code, or undefined. */
export const errorCode = (response: GqlResponse<unknown>) => response.body.errors?.[0]?.extensions?.code;
