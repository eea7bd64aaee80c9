// The heap bounds every app runs with (scripts/node-options.mjs): that Node accepts them (an unknown flag in
// NODE_OPTIONS stops node before the app starts) and applies them, and that a caller's own NODE_OPTIONS still wins.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import { APP_NODE_OPTIONS, withAppNodeOptions } from '../scripts/node-options.mjs';

const MB = 2 ** 20;

/** V8's heap limit (MB) in a node started with `env`. */
async function heapLimitMb(env: Record<string, string | undefined>): Promise<number> {
  const script = "console.log(require('node:v8').getHeapStatistics().heap_size_limit)";
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], { env });
  return Number(stdout) / MB;
}

describe('the apps’ NODE_OPTIONS', () => {
  it('puts the heap bounds before the caller’s own NODE_OPTIONS and leaves the rest of the environment alone', () => {
    expect(APP_NODE_OPTIONS).toMatch(/--max-old-space-size=\d+/);
    expect(APP_NODE_OPTIONS).toMatch(/--max-semi-space-size=\d+/);
    const env = { PORT: '3100', NODE_OPTIONS: ' --max-old-space-size=300 ' };
    expect(withAppNodeOptions(env)).toEqual({
      PORT: '3100',
      NODE_OPTIONS: `${APP_NODE_OPTIONS} --max-old-space-size=300`,
    });
    expect(env.NODE_OPTIONS).toBe(' --max-old-space-size=300 ');
    expect(withAppNodeOptions({ PORT: '1' })).toEqual({ PORT: '1', NODE_OPTIONS: APP_NODE_OPTIONS });
    expect(withAppNodeOptions({ NODE_OPTIONS: '' }).NODE_OPTIONS).toBe(APP_NODE_OPTIONS);
  });

  it('bounds the heap of a node started with them, unless the caller asks for another bound', async () => {
    const oldSpaceMb = Number(/--max-old-space-size=(\d+)/.exec(APP_NODE_OPTIONS)![1]);
    const semiSpaceMb = Number(/--max-semi-space-size=(\d+)/.exec(APP_NODE_OPTIONS)![1]);
    const env = { PATH: process.env.PATH };
    // V8's limit is the old space plus the young generation (up to three semi-spaces).
    const bounded = await heapLimitMb(withAppNodeOptions(env));
    expect(bounded).toBeGreaterThanOrEqual(oldSpaceMb);
    expect(bounded).toBeLessThanOrEqual(oldSpaceMb + 3 * semiSpaceMb);
    const callers = await heapLimitMb(withAppNodeOptions({ ...env, NODE_OPTIONS: '--max-old-space-size=300' }));
    expect(callers).toBeGreaterThanOrEqual(300);
    expect(callers).toBeLessThanOrEqual(300 + 3 * semiSpaceMb);
    expect(await heapLimitMb(env)).toBeGreaterThan(oldSpaceMb * 2);
  });
});
