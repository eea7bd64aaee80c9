/** What became of one item of a batch: its value, or the error its submitter gets. */
export type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

/**
 * Shares round trips between concurrent callers without making anyone wait for company: an item submitted while no
 * batch is being written is written at once, alone; items submitted while a batch is in flight are written together
 * as the next batch, as soon as it returns. `write` gives one outcome per item, in order; if it throws, every item
 * of the batch gets that error.
 */
export class GroupCommit<I, R> {
  private queue: { item: I; resolve: (value: R) => void; reject: (error: unknown) => void }[] = [];
  private writing = false;

  constructor(
    private readonly write: (items: I[]) => Promise<Outcome<R>[]>,
    private readonly maxBatch: number,
  ) {}

  submit(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        const outcomes = await this.write(batch.map(({ item }) => item));
        batch.forEach(({ resolve, reject }, index) => {
          const outcome = outcomes[index];
          if (outcome.ok) resolve(outcome.value);
          else reject(outcome.error);
        });
      } catch (error) {
        for (const { reject } of batch) reject(error);
      }
    }
    this.writing = false;
  }
}
