import type { Logger } from '@nestjs/common';

/**
 * A scan run every `intervalMs` and once at start, never twice at once on one instance (a
 * tick that finds the last scan still running skips). Shutdown waits for the running scan.
 * What keeps several instances from handling one row twice is the scan's own
 * FOR UPDATE SKIP LOCKED, not this class.
 */
export class PeriodicScan {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  /** `scan` answers a line to log when it did something, or undefined. */
  constructor(
    private readonly what: string,
    private readonly scan: () => Promise<string | undefined>,
    private readonly log: Logger,
  ) {}

  start(intervalMs: number): void {
    this.timer = setInterval(() => void this.tick(), intervalMs);
    this.timer.unref();
    void this.tick();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = this.scan()
      .then((line) => {
        if (line) this.log.log(line);
      })
      .catch((error: unknown) => this.log.error(`${this.what} failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => (this.running = undefined));
    await this.running;
  }
}
