import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { PeriodicScan } from '../../common/scheduling/periodic-scan.js';
import { AppConfig } from '../../config/app-config.js';
import { Transactions } from '../../database/transactions.js';
import { ActivitiesService } from './activities.service.js';
import { VolunteersRepository } from './volunteers.repository.js';

const BATCH = 100;

/**
 * Checks out, at the activity's end, every sign-up still CHECKED_IN two hours after it. The
 * state lives in the database, so a restart loses nothing; rows are claimed with FOR UPDATE
 * SKIP LOCKED and re-read in the same transaction, so several instances never check one
 * sign-up out twice (and a check-out by hand in between wins: the row is no longer CHECKED_IN).
 * The same scan drops wrong check-in codes older than a day.
 */
@Injectable()
export class AutoCheckoutWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(AutoCheckoutWorker.name);
  private readonly scan = new PeriodicScan('automatic check-out', () => this.runOnce().then((n) => (n ? `checked out ${n} sign-up(s) automatically` : undefined)), this.log);

  constructor(
    private readonly config: AppConfig,
    private readonly transactions: Transactions,
    private readonly repo: VolunteersRepository,
    private readonly activities: ActivitiesService,
  ) {}

  onApplicationBootstrap(): void {
    this.scan.start(this.config.ESCALATION_INTERVAL_MS);
  }

  onApplicationShutdown(): Promise<void> {
    return this.scan.stop();
  }

  /** One full scan, batch by batch; returns how many sign-ups it checked out. */
  async runOnce(): Promise<number> {
    let done = 0;
    for (;;) {
      const n = await this.transactions.run(async (tx) => {
        const due = await this.repo.lockOverdueCheckIns(BATCH, tx);
        for (const signup of due) {
          await this.activities.complete(signup, { id: signup.activity_id, starts_at: signup.starts_at, ends_at: signup.ends_at }, signup.org_id, signup.ends_at, tx);
        }
        return due.length;
      });
      done += n;
      if (n < BATCH) break;
    }
    await this.repo.pruneCodeFailures();
    return done;
  }
}
