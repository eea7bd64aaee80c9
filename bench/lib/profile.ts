import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface InProcessProfile {
  label: string;
  file: string;
}

/** CPU profile of the bench process itself (library code run in-process: rebuild, appends), as a .cpuprofile. */
export async function startProfiling(label: string): Promise<{ stop(dir: string): Promise<InProcessProfile> }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  return {
    async stop(dir: string) {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      const file = join(dir, `bench-${label}-${Date.now()}.cpuprofile`);
      writeFileSync(file, JSON.stringify(profile));
      return { label: `bench process: ${label}`, file };
    },
  };
}
