import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { PeriodicScan } from '../../common/scheduling/periodic-scan.js';
import { AppConfig } from '../../config/app-config.js';
import { Transactions } from '../../database/transactions.js';
import { RequestEventType, RequestStatus } from './request.model.js';
import { RequestsRepository } from './requests.repository.js';
import { RequestsService } from './requests.service.js';
import { escalation, step } from './transitions.js';

const BATCH = 100;

/**
 * Escalates requests whose accept deadline passed and closes resolved requests nobody
 * verified. Deadlines live in the database, so a restart loses nothing: the first scan
 * after start finds what fell due meanwhile. Rows are claimed with FOR UPDATE SKIP LOCKED
 * and re-checked in the same transaction, so several instances never handle one deadline
 * twice.
 */
@Injectable()
export class EscalationWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(EscalationWorker.name);
  private readonly scan = new PeriodicScan('escalation scan', () => this.runOnce().then((done) => (done.escalated || done.closed ? `escalated ${done.escalated}, closed ${done.closed} request(s)` : undefined)), this.log);

  constructor(
    private readonly config: AppConfig,
    private readonly transactions: Transactions,
    private readonly repo: RequestsRepository,
    private readonly requests: RequestsService,
  ) {}

  onApplicationBootstrap(): void {
    this.scan.start(this.config.ESCALATION_INTERVAL_MS);
  }

  onApplicationShutdown(): Promise<void> {
    return this.scan.stop();
  }

  /** One full scan: every passed deadline and every overdue verification, batch by batch. */
  async runOnce(): Promise<{ escalated: number; closed: number }> {
    let escalated = 0;
    let closed = 0;
    for (;;) {
      const n = await this.transactions.run(async (tx) => {
        const due = await this.repo.lockDueForEscalation(BATCH, tx);
        for (const row of due) {
          const transition = escalation(row, null, 'Escalated automatically: the accept deadline passed');
          if (transition) {
            await this.requests.apply(row, transition, tx);
            escalated++;
          } else {
            await this.repo.markAcceptDueHandled(row.id, tx); // at a street committee: it stays, overdue
          }
        }
        return due.length;
      });
      if (n < BATCH) break;
    }
    for (;;) {
      const n = await this.transactions.run(async (tx) => {
        const due = await this.repo.lockDueForAutoClose(this.config.AUTO_CLOSE_AFTER_HOURS, BATCH, tx);
        for (const row of due) {
          const note = `Closed automatically: not verified within ${this.config.AUTO_CLOSE_AFTER_HOURS} hours of being resolved`;
          await this.requests.apply(row, step(row, RequestStatus.CLOSED, RequestEventType.CLOSED, null, note, { closedNow: true }), tx);
          closed++;
        }
        return due.length;
      });
      if (n < BATCH) break;
    }
    return { escalated, closed };
  }
}
