import { randomUUID } from 'node:crypto';
import type { BenchRun } from '../lib/bench-run.js';
import { BenchStack } from '../lib/bench-stack.js';
import { closedLoop, type LoadResult, mergeRounds, withoutSamples } from '../lib/load.js';
import { rawInsertOne } from '../lib/raw-limits.js';
import { assignmentBody } from '../lib/seeding.js';

/** The assignment every worker sends: worker w commands only cases w, w + concurrency, … (no same-case contention). */
function commandOp(stack: BenchStack, concurrency: number, offset: number) {
  const perWorker = Math.floor(stack.caseIds.length / concurrency);
  return async (worker: number, seq: number) => {
    const caseId = stack.caseIds[worker + concurrency * ((seq + offset) % perWorker)];
    const { version } = await stack.api.expect<{ version: number }>(
      200,
      'POST',
      `/v1/cases/${caseId}/assignments`,
      assignmentBody(seq),
    );
    stack.record(caseId, version);
  };
}

/**
 * Raw insertOne and HTTP commands at the same concurrency, in alternating rounds so that other work on the machine
 * weighs on both alike; the projector catches up after each command round, so that the next raw round does not
 * share the database with the pipeline's writes.
 */
export async function commandThroughput(run: BenchRun, stack: BenchStack): Promise<void> {
  const { concurrency, measureMs, rounds, warmupMs } = run.settings;
  const { raw, app } = run.results;
  const roundMs = Math.round(measureMs / rounds);
  const payload = { caseId: randomUUID(), ...assignmentBody(1) };
  const insertRounds: LoadResult[] = [];
  const commandRounds: LoadResult[] = [];
  const handlerTimes: number[] = [];
  await run.phase(
    'commands',
    'raw insertOne and HTTP commands',
    rounds * (2 * roundMs + warmupMs + 30_000),
    async () => {
      for (let round = 1; round <= rounds; round++) {
        run.sampler.begin(`raw insertOne (round ${round})`);
        insertRounds.push(await rawInsertOne(run.db, payload, { concurrency, durationMs: roundMs, warmupMs: 500 }));
        run.sampler.begin(`HTTP commands, max load (round ${round})`);
        const before = await stack.counters();
        commandRounds.push(
          await closedLoop({
            concurrency,
            durationMs: roundMs,
            warmupMs: warmupMs / 2,
            op: commandOp(stack, concurrency, round),
          }),
        );
        const usage = run.sampler.end();
        if (round === 1) run.results.usage.commands = usage;
        handlerTimes.push(BenchStack.handlerMeanMs(before, await stack.counters()));
        run.log(
          `round ${round}: raw insertOne ${insertRounds.at(-1)?.perSecond}/s, HTTP commands ` +
            `${commandRounds.at(-1)?.perSecond}/s (inside case-api ${handlerTimes.at(-1)} ms on average)`,
        );
        run.sampler.begin(`projector catch-up (round ${round})`);
        const caught = await stack.catchUp(`catch-up after command round ${round}`, 45_000);
        if (round === 1) app.drainAfterCommandsMs = caught.visibleAfterMs;
      }
    },
  );
  if (insertRounds.length > 0) raw.insertOne = withoutSamples(mergeRounds(insertRounds));
  if (commandRounds.length > 0) {
    app.commands = withoutSamples(mergeRounds(commandRounds));
    app.pipeline.commands = { handlerMeanMs: handlerTimes.reduce((a, b) => a + b, 0) / handlerTimes.length };
  }
  app.commandMix =
    `100% POST /v1/cases/:id/assignments over ${stack.caseIds.length} cases; ` +
    `worker w commands only cases w, w+${concurrency}, … (no same-case contention)`;
}

/**
 * The same load with the relay and the projector frozen (SIGSTOP): the command path alone, without the pipeline's
 * writes to the same database (the test server serializes the writes to one database).
 */
export async function commandsWithPipelineFrozen(run: BenchRun, stack: BenchStack): Promise<void> {
  const { concurrency, measureMs, rounds, warmupMs } = run.settings;
  const roundMs = Math.round(measureMs / rounds);
  run.results.app.commandsPipelinePaused = await run.phase(
    'frozen',
    'HTTP commands, pipeline frozen',
    roundMs + warmupMs + 130_000,
    async () => {
      const frozen = [stack.app('relay'), stack.app('projector')];
      run.sampler.begin('HTTP commands, relay + projector frozen');
      const before = await stack.counters();
      frozen.forEach((process) => process.signal('SIGSTOP'));
      try {
        const result = await closedLoop({
          concurrency,
          durationMs: roundMs,
          warmupMs: warmupMs / 2,
          op: commandOp(stack, concurrency, 7),
        });
        run.sampler.end();
        frozen.forEach((process) => process.signal('SIGCONT'));
        const handlerMeanMs = BenchStack.handlerMeanMs(before, await stack.counters());
        run.results.app.pipeline.commandsPipelineFrozen = { handlerMeanMs };
        run.log(
          `HTTP commands, relay and projector frozen: ${result.perSecond}/s, p50 ${result.latency.p50Ms} ms; ` +
            `inside case-api ${handlerMeanMs} ms on average`,
        );
        return withoutSamples(result);
      } finally {
        frozen.forEach((process) => process.signal('SIGCONT'));
        run.sampler.begin('projector catch-up after the frozen round');
        // The frozen round leaves a backlog of several times a normal round's commands; the next phase must not
        // start on top of it.
        await stack.catchUp('catch-up after the frozen round', 120_000);
      }
    },
  );
}
