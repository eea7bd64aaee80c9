import { describe, expect, it } from '@jest/globals';
import { GroupCommit, type Outcome } from './group-commit.js';

/** A write the test completes by hand, recording each batch it was given. */
function controlledWrite() {
  const batches: number[][] = [];
  const pending: { finish: (outcomes: Outcome<string>[]) => void; fail: (error: unknown) => void }[] = [];
  const write = (items: number[]) =>
    new Promise<Outcome<string>[]>((resolve, reject) => {
      batches.push(items);
      pending.push({ finish: resolve, fail: reject });
    });
  const ok = (items: number[]): Outcome<string>[] => items.map((item) => ({ ok: true, value: `wrote ${item}` }));
  return { batches, pending, write, ok };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('GroupCommit', () => {
  it('given an idle writer, when one item is submitted, then it is written at once, alone', async () => {
    const { batches, pending, write, ok } = controlledWrite();
    const group = new GroupCommit(write, 10);

    const result = group.submit(1);

    expect(batches).toEqual([[1]]);
    pending[0].finish(ok([1]));
    await expect(result).resolves.toBe('wrote 1');
  });

  it('given a write in flight, when more items arrive, then they form the next batch as soon as it returns', async () => {
    const { batches, pending, write, ok } = controlledWrite();
    const group = new GroupCommit(write, 10);

    const results = [group.submit(1), group.submit(2), group.submit(3), group.submit(4)];
    expect(batches).toEqual([[1]]);

    pending[0].finish(ok([1]));
    await settle();
    expect(batches).toEqual([[1], [2, 3, 4]]);
    pending[1].finish(ok([2, 3, 4]));

    await expect(Promise.all(results)).resolves.toEqual(['wrote 1', 'wrote 2', 'wrote 3', 'wrote 4']);
  });

  it('when more items wait than a batch holds, then they are written in batches of at most that many, in order', async () => {
    const { batches, pending, write, ok } = controlledWrite();
    const group = new GroupCommit(write, 2);

    const results = [1, 2, 3, 4, 5, 6].map((item) => group.submit(item));
    for (let index = 0; index < 4; index++) {
      pending[index].finish(ok(batches[index]));
      await settle();
    }

    expect(batches).toEqual([[1], [2, 3], [4, 5], [6]]);
    await expect(Promise.all(results)).resolves.toHaveLength(6);
  });

  it('gives each submitter its own outcome: a refused item fails alone', async () => {
    const { pending, write } = controlledWrite();
    const group = new GroupCommit(write, 10);
    const first = group.submit(1);
    const rest = [group.submit(2), group.submit(3)];
    pending[0].finish([{ ok: true, value: 'wrote 1' }]);
    await settle();

    const conflict = new Error('duplicate key');
    pending[1].finish([
      { ok: false, error: conflict },
      { ok: true, value: 'wrote 3' },
    ]);

    await expect(first).resolves.toBe('wrote 1');
    await expect(rest[0]).rejects.toBe(conflict);
    await expect(rest[1]).resolves.toBe('wrote 3');
  });

  it('when a write fails as a whole, then every item of that batch gets its error and the next batch still goes', async () => {
    const { batches, pending, write, ok } = controlledWrite();
    const group = new GroupCommit(write, 10);
    const first = group.submit(1);
    const waiting = [group.submit(2), group.submit(3)];

    const lost = new Error('connection reset');
    pending[0].fail(lost);
    await expect(first).rejects.toBe(lost);
    await settle();
    pending[1].finish(ok([2, 3]));

    await expect(Promise.all(waiting)).resolves.toEqual(['wrote 2', 'wrote 3']);
    expect(batches).toEqual([[1], [2, 3]]);
  });

  it('given a writer that went idle, when an item comes later, then it is written at once again', async () => {
    const { batches, pending, write, ok } = controlledWrite();
    const group = new GroupCommit(write, 10);
    const first = group.submit(1);
    pending[0].finish(ok([1]));
    await first;
    await settle();

    const later = group.submit(2);

    expect(batches).toEqual([[1], [2]]);
    pending[1].finish(ok([2]));
    await expect(later).resolves.toBe('wrote 2');
  });
});
