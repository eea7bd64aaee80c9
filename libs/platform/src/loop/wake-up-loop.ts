export interface WakeUpLoopOptions {
  /**
   * One pass over the work. Returns how long to wait before the next pass unless nudged: `0` to go again at once (a
   * full batch: more is waiting), the poll interval when idle, or less when it knows when work falls due.
   */
  pass: () => Promise<number>;
  /** The wait after a pass that threw: the safety-net poll. */
  pollMs: number;
  /** Told about a pass that threw; the loop carries on after `pollMs`. */
  onError: (error: unknown) => void;
}

/**
 * Runs passes one after another until stopped: a `nudge` (new work) starts the next pass at once, or cuts the wait
 * short; without nudges the pass's own wait (the poll interval as a safety net) decides. A nudge during a pass is
 * kept, so the pass after it runs at once: no work announced meanwhile waits for a poll.
 */
export class WakeUpLoop {
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private nudged = false;

  constructor(private readonly options: WakeUpLoopOptions) {}

  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops after the pass under way (if any) and resolves once it has ended. */
  async stop(): Promise<void> {
    this.running = false;
    this.nudge();
    await this.loop;
  }

  /** New work: run the next pass now rather than after the wait. */
  nudge(): void {
    this.nudged = true;
    this.wake?.();
  }

  private async run(): Promise<void> {
    while (this.running) {
      let waitMs = this.options.pollMs;
      try {
        waitMs = await this.options.pass();
      } catch (error) {
        this.options.onError(error);
      }
      await this.idle(waitMs);
    }
  }

  private idle(ms: number): Promise<void> {
    if (this.nudged || !this.running || ms <= 0) {
      this.nudged = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        this.nudged = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}
