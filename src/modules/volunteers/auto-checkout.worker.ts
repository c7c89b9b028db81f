import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
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
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly config: AppConfig,
    private readonly tx: Transactions,
    private readonly repo: VolunteersRepository,
    private readonly activities: ActivitiesService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.config.ESCALATION_INTERVAL_MS);
    this.timer.unref();
    void this.tick();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = this.runOnce()
      .then((n) => {
        if (n) this.log.log(`checked out ${n} sign-up(s) automatically`);
      })
      .catch((error: unknown) => this.log.error(`automatic check-out failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => (this.running = undefined));
    await this.running;
  }

  /** One full scan, batch by batch; returns how many sign-ups it checked out. */
  async runOnce(): Promise<number> {
    let done = 0;
    for (;;) {
      const n = await this.tx.run(async (tx) => {
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
