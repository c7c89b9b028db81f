/**
 * A small GraphQL client for the reliability tests: one HTTP request per call on its own
 * connection (so a killed server shows up as a connection error, not a stale keep-alive),
 * bounded in time, never throwing: a transport failure is an outcome like any other.
 */
import http from 'node:http';

export interface GqlError {
  message: string;
  extensions?: { code?: string; field?: string };
}

export interface Outcome<T = any> {
  /** HTTP status, or 0 when no response came (refused, reset, timed out). */
  status: number;
  data?: T | null;
  errors?: GqlError[];
  /** Set when no HTTP response came: ECONNREFUSED, ECONNRESET, timeout, … */
  transport?: string;
}

/** What an outcome was, in one word: OK, a contract code, HTTP-<status>, or the transport error. */
export function kindOf(outcome: Outcome): string {
  if (outcome.transport) return outcome.transport;
  if (outcome.errors?.length) return outcome.errors[0].extensions?.code ?? '(no code)';
  if (outcome.status >= 300) return `HTTP-${outcome.status}`;
  return 'OK';
}

export function post<T = any>(
  baseUrl: string,
  query: string,
  variables?: Record<string, unknown>,
  token?: string | null,
  timeoutMs = 20_000,
): Promise<Outcome<T>> {
  const body = JSON.stringify({ query, variables });
  return new Promise((done) => {
    let settled = false;
    const finish = (o: Outcome<T>) => {
      if (!settled) {
        settled = true;
        done(o);
      }
    };
    const request = http.request(
      `${baseUrl}/graphql`,
      {
        method: 'POST',
        agent: false,
        timeout: timeoutMs,
        headers: {
          connection: 'close',
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          try {
            finish({ status, ...(JSON.parse(text) as object) });
          } catch {
            finish({ status, errors: [{ message: text.slice(0, 200) }] });
          }
        });
        response.on('error', (error: NodeJS.ErrnoException) => finish({ status: 0, transport: error.code ?? error.message }));
      },
    );
    request.on('timeout', () => request.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    request.on('error', (error: NodeJS.ErrnoException) => finish({ status: 0, transport: error.code ?? error.message }));
    request.end(body);
  });
}

/** GET /health: the status code, or 0 without a response. */
export function health(baseUrl: string, timeoutMs = 5_000): Promise<number> {
  return new Promise((done) => {
    const request = http.get(`${baseUrl}/health`, { agent: false, timeout: timeoutMs, headers: { connection: 'close' } }, (response) => {
      response.resume();
      response.on('end', () => done(response.statusCode ?? 0));
      response.on('error', () => done(0));
    });
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', () => done(0));
  });
}

/** A call that must succeed (setup): throws with the errors otherwise. */
export async function must<T = any>(baseUrl: string, query: string, variables: Record<string, unknown>, token?: string | null): Promise<T> {
  const outcome = await post<T>(baseUrl, query, variables, token);
  if (!outcome.data || outcome.errors?.length) {
    throw new Error(`${query.replace(/\s+/g, ' ').slice(0, 80)}…: ${outcome.transport ?? outcome.status} ${JSON.stringify(outcome.errors)}`);
  }
  return outcome.data;
}

export async function login(baseUrl: string, username: string, password: string): Promise<string> {
  const data = await must<{ login: { token: string } }>(
    baseUrl,
    `mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { token } }`,
    { u: username, p: password },
    null,
  );
  return data.login.token;
}

/** Runs `work` over items with at most `limit` at a time. */
export async function inParallel<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      for (;;) {
        const index = next++;
        if (index >= items.length) return;
        results[index] = await work(items[index], index);
      }
    }),
  );
  return results;
}
