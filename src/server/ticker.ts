/** @module server/ticker — a periodic background job (alerts, schedules) that never overlaps itself and stops cleanly. */
import type { FastifyBaseLogger } from 'fastify';

export class Ticker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  constructor(private readonly everyMs: number, private readonly job: () => Promise<void>, private readonly log: FastifyBaseLogger, private readonly name: string) {}

  start(): void {
    if (this.timer !== null) { return; }
    this.timer = setInterval(() => { void this.tick(); }, this.everyMs); // tick() never rejects: failures are logged
    this.timer.unref();
  }

  /** Runs the job now unless it is still running; failures are logged (the next tick tries again). */
  tick(): Promise<void> {
    if (this.running !== null) { return this.running; }
    this.running = this.job()
      .catch((err: unknown) => { this.log.error({ err, job: this.name }, 'background job failed'); })
      .finally(() => { this.running = null; });
    return this.running;
  }

  async stop(): Promise<void> {
    if (this.timer !== null) { clearInterval(this.timer); this.timer = null; }
    if (this.running !== null) { await this.running; }
  }
}
