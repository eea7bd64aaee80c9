import { describe, expect, it } from '@jest/globals';
import { WakeUpLoop } from './wake-up-loop.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A loop whose passes are counted; each pass returns the wait it is given. */
function countingLoop(waitMs: () => number, pollMs = 10_000) {
  const passes: number[] = [];
  const errors: unknown[] = [];
  const loop = new WakeUpLoop({
    pollMs,
    pass: async () => {
      passes.push(Date.now());
      return waitMs();
    },
    onError: (error) => errors.push(error),
  });
  return { loop, passes, errors };
}

describe('WakeUpLoop', () => {
  it('given an idle pass, when nobody nudges, then it waits for the poll interval', async () => {
    const { loop, passes } = countingLoop(() => 60);
    loop.start();
    await sleep(150);
    await loop.stop();
    // t=0, 60, 120, and the pass the stop's nudge lets through at most.
    expect(passes.length).toBeGreaterThanOrEqual(3);
    expect(passes.length).toBeLessThanOrEqual(4);
  });

  it('given a long wait, when nudged, then the next pass runs at once', async () => {
    const { loop, passes } = countingLoop(() => 60_000);
    loop.start();
    await sleep(20);
    expect(passes).toHaveLength(1);
    loop.nudge();
    await sleep(20);
    expect(passes).toHaveLength(2);
    await loop.stop();
  });

  it('given a nudge during a pass, when the pass ends, then the next one runs without waiting', async () => {
    let release!: () => void;
    const passes: number[] = [];
    const loop = new WakeUpLoop({
      pollMs: 60_000,
      pass: async () => {
        passes.push(Date.now());
        if (passes.length === 1) await new Promise<void>((resolve) => (release = resolve));
        return 60_000;
      },
      onError: () => undefined,
    });
    loop.start();
    await sleep(10);
    loop.nudge();
    release();
    await sleep(20);
    expect(passes).toHaveLength(2);
    await loop.stop();
  });

  it('given a full batch (wait 0), when it ends, then the next pass follows at once', async () => {
    let full = 3;
    const { loop, passes } = countingLoop(() => (full-- > 0 ? 0 : 60_000));
    loop.start();
    await sleep(30);
    expect(passes).toHaveLength(4);
    await loop.stop();
  });

  it('given a pass that throws, when it fails, then the error is told and the loop waits the poll interval', async () => {
    const errors: unknown[] = [];
    let passes = 0;
    const loop = new WakeUpLoop({
      pollMs: 50,
      pass: async () => {
        passes++;
        throw new Error('server unavailable');
      },
      onError: (error) => errors.push(error),
    });
    loop.start();
    await sleep(75);
    expect(passes).toBe(2);
    expect(errors.map((error) => (error as Error).message)).toEqual(['server unavailable', 'server unavailable']);
    await loop.stop();
  });

  it('given a running loop, when stopped, then it resolves after the pass under way and runs no more', async () => {
    const { loop, passes } = countingLoop(() => 60_000);
    loop.start();
    expect(loop.isRunning).toBe(true);
    await loop.stop();
    expect(loop.isRunning).toBe(false);
    const count = passes.length;
    loop.nudge();
    await sleep(20);
    expect(passes).toHaveLength(count);
  });
});
