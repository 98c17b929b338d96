/**
 * @module cli/interrupt — Ctrl-C / SIGTERM for a command, armed at the command's first line so a signal that arrives
 * while options are validated or modules load is never lost to Node's default handler (which would exit without
 * printing what was found). Stops registered later still run if the signal already came. A second signal exits at
 * once (exit 130) with one line: the user asked twice, so nothing (a slow store, a stuck writer) may hold the exit.
 */
export class Interrupt {
  private fired = false;
  private readonly stops: Array<() => void> = [];
  private readonly handler = (): void => {
    if (this.fired) {
      process.stderr.write('gatehouse: interrupted again: exiting now (results not yet written are lost)\n');
      this.exit(130);
      return;
    }
    this.fired = true;
    for (const stop of this.stops.splice(0)) { stop(); }
  };

  /** `exit` is process.exit; a test may pass its own. */
  constructor(private readonly exit: (code: number) => void = (code) => process.exit(code)) {
    process.on('SIGINT', this.handler);
    process.on('SIGTERM', this.handler);
  }

  get interrupted(): boolean { return this.fired; }

  /** Stops the command as a signal would (e.g. its stdout was closed: cli/broken-pipe). */
  stop(): void { this.handler(); }

  /** Registers a stop action; runs it now if the signal has already arrived. */
  onStop(stop: () => void): void {
    if (this.fired) { stop(); } else { this.stops.push(stop); }
  }

  dispose(): void {
    process.removeListener('SIGINT', this.handler);
    process.removeListener('SIGTERM', this.handler);
  }
}
