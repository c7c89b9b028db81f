/**
 * Clients that submit service requests the way a careful app does: one idempotency key per
 * submission, and after anything that is not an answer (connection refused or reset, a
 * timeout, HTTP 5xx, INTERNAL_SERVER_ERROR, RATE_LIMITED) the same submission again with the
 * same key, with backoff, until it is acknowledged or the deadline passes.
 */
import { kindOf, post, type Outcome } from './api.js';
import { sleep } from './net.js';

export const SUBMIT = `mutation($i: SubmitServiceRequestInput!) {
  submitServiceRequest(input: $i) { id number status version }
}`;

export interface Submission {
  index: number;
  key: string;
  reporter: { id: string; token: string };
  input: Record<string, unknown>;
}

export interface Ack {
  index: number;
  key: string;
  reporterId: string;
  id: string;
  status: string;
  version: number;
  attempts: number;
  /** Date.now() when the acknowledgement arrived. */
  at: number;
}

export interface BurstResult {
  sent: number;
  acknowledged: Ack[];
  /** Attempts after the first, over all submissions. */
  retries: number;
  /** Every non-OK outcome of an attempt, by kind (ECONNREFUSED, INTERNAL_SERVER_ERROR, HTTP-503, …). */
  failures: Record<string, number>;
  /** HTTP statuses of the answers that carried an error. */
  errorStatuses: Record<string, number>;
  /** Submissions refused with a code that is not worth retrying (CONFLICT, BAD_USER_INPUT, …). */
  rejected: { index: number; kind: string; message: string }[];
  /** Submissions never acknowledged before the deadline. */
  gaveUp: number[];
  elapsedMs: number;
}

const RETRYABLE_CODES = new Set(['INTERNAL_SERVER_ERROR', 'RATE_LIMITED', '(no code)']);

function retryable(outcome: Outcome): boolean {
  if (outcome.transport) return true;
  if (outcome.status >= 500) return true;
  const code = outcome.errors?.[0]?.extensions?.code ?? '(no code)';
  return RETRYABLE_CODES.has(code);
}

export interface BurstOptions {
  /** The server's base URL now (it may change between attempts). */
  target: () => string;
  submissions: Submission[];
  clients: number;
  /** No new attempt starts after this (Date.now()). */
  deadline: number;
  /** Called after every acknowledgement with the count so far. */
  onAck?: (count: number) => void;
  requestTimeoutMs?: number;
}

export async function runBurst(o: BurstOptions): Promise<BurstResult> {
  const started = Date.now();
  const result: BurstResult = { sent: o.submissions.length, acknowledged: [], retries: 0, failures: {}, errorStatuses: {}, rejected: [], gaveUp: [], elapsedMs: 0 };
  let next = 0;
  const client = async () => {
    for (;;) {
      const submission = o.submissions[next++];
      if (!submission) return;
      let attempts = 0;
      for (;;) {
        if (Date.now() > o.deadline) {
          result.gaveUp.push(submission.index);
          break;
        }
        attempts++;
        if (attempts > 1) result.retries++;
        const outcome = await post<{ submitServiceRequest: { id: string; number: string; status: string; version: number } }>(
          o.target(),
          SUBMIT,
          { i: { ...submission.input, idempotencyKey: submission.key } },
          submission.reporter.token,
          o.requestTimeoutMs ?? 20_000,
        );
        const acked = outcome.data?.submitServiceRequest;
        if (acked && !outcome.errors?.length) {
          result.acknowledged.push({
            index: submission.index,
            key: submission.key,
            reporterId: submission.reporter.id,
            id: acked.id,
            status: acked.status,
            version: acked.version,
            attempts,
            at: Date.now(),
          });
          o.onAck?.(result.acknowledged.length);
          break;
        }
        const kind = kindOf(outcome);
        result.failures[kind] = (result.failures[kind] ?? 0) + 1;
        if (!outcome.transport) result.errorStatuses[String(outcome.status)] = (result.errorStatuses[String(outcome.status)] ?? 0) + 1;
        if (!retryable(outcome)) {
          result.rejected.push({ index: submission.index, kind, message: outcome.errors?.[0]?.message ?? '' });
          break;
        }
        await sleep(Math.min(1_000, 50 * 2 ** Math.min(attempts, 5)) * (0.5 + Math.random() / 2));
      }
    }
  };
  await Promise.all(Array.from({ length: o.clients }, client));
  result.elapsedMs = Date.now() - started;
  return result;
}
