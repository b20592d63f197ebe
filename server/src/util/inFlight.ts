// At most so many tasks at once, started by one loop: `start` runs a task and waits while the
// limit is reached; `drained` waits for the last to end. Not Promise.race over the pending tasks:
// each race leaves a reaction on every pending one, so the workspace index, with 64 files in
// flight, made 64 of them for every file it started (6.4 million over 100,000 files).
export class InFlight {
  private running = 0;
  private freed: (() => void) | undefined;

  constructor(private readonly limit: number) {}

  /** Starts `task` (its failure is its own to handle: a rejection is ignored here); resolves once another may start. */
  async start(task: () => Promise<unknown>): Promise<void> {
    this.running++;
    void task()
      .catch(() => undefined)
      .finally(() => {
        this.running--;
        const freed = this.freed;
        this.freed = undefined;
        freed?.();
      });
    if (this.running >= this.limit) await this.ended();
  }

  /** Resolves once every task started has ended. */
  async drained(): Promise<void> {
    while (this.running > 0) await this.ended();
  }

  private ended(): Promise<void> {
    return new Promise((resolve) => (this.freed = resolve));
  }
}
