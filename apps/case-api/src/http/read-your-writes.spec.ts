import { describe, expect, it } from '@jest/globals';
import { ReadModelBehindException, ReadYourWrites } from './read-your-writes.js';

/** A read model document whose version moves when the test says so, counting the reads made of it. */
function documentAt(version: number) {
  const state = { version, reads: 0 };
  const read = async () => {
    state.reads++;
    await new Promise((resolve) => setTimeout(resolve, 5));
    return state.version > 0 ? { version: state.version } : null;
  };
  return { state, read };
}

describe('ReadYourWrites', () => {
  it('given no minVersion, when 20 requests read the same document at once, then one query answers them all', async () => {
    const { state, read } = documentAt(3);
    const reads = new ReadYourWrites();

    const answers = await Promise.all(
      Array.from({ length: 20 }, () => reads.readAtLeast('case_status:a', read, undefined)),
    );

    expect(answers).toEqual(Array.from({ length: 20 }, () => ({ version: 3 })));
    expect(state.reads).toBe(1);
  });

  it('given a document behind minVersion, when it reaches it during the wait, then every waiter gets it with shared polls', async () => {
    const { state, read } = documentAt(1);
    const reads = new ReadYourWrites(2_000);
    setTimeout(() => (state.version = 2), 200);

    const answers = await Promise.all(Array.from({ length: 50 }, () => reads.readAtLeast('case_status:a', read, 2)));

    expect(answers.every((answer) => answer?.version === 2)).toBe(true);
    // One poll at a time for all 50 waiters: ~200 ms of 10–50 ms waits, plus the reads themselves.
    expect(state.reads).toBeLessThan(50);
  });

  it('given a document that stays behind, when the wait runs out, then 409 with the version reached', async () => {
    const { read } = documentAt(1);
    const reads = new ReadYourWrites(100);

    const refusal = reads.readAtLeast('case_status:a', read, 5);

    await expect(refusal).rejects.toBeInstanceOf(ReadModelBehindException);
    await expect(refusal).rejects.toMatchObject({ requiredVersion: 5, readVersion: 1 });
  });

  it('given as many waiting requests as allowed, when one more is behind, then it is refused at once', async () => {
    const { state, read } = documentAt(0);
    const reads = new ReadYourWrites(10_000, 2);
    const waiting = [reads.readAtLeast('case_status:a', read, 1), reads.readAtLeast('case_status:b', read, 1)];
    await new Promise((resolve) => setTimeout(resolve, 20));

    const started = Date.now();
    await expect(reads.readAtLeast('case_status:c', read, 1)).rejects.toMatchObject({
      requiredVersion: 1,
      readVersion: 0,
    });
    const refusedAfterMs = Date.now() - started;

    state.version = 1;
    await expect(Promise.all(waiting)).resolves.toEqual([{ version: 1 }, { version: 1 }]);
    // Refused without waiting out the 10 s the others may wait.
    expect(refusedAfterMs).toBeLessThan(1_000);
  });

  it('given a failing read, when requests share it, then all get the error and the next read queries again', async () => {
    let calls = 0;
    const read = async (): Promise<{ version: number } | null> => {
      calls++;
      if (calls === 1) throw new Error('server unavailable');
      return { version: 1 };
    };
    const reads = new ReadYourWrites();

    const first = await Promise.allSettled([
      reads.readAtLeast('k', read, undefined),
      reads.readAtLeast('k', read, undefined),
    ]);

    expect(first.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    await expect(reads.readAtLeast('k', read, undefined)).resolves.toEqual({ version: 1 });
    expect(calls).toBe(2);
  });
});
