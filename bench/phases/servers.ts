import type { BenchRun } from '../lib/bench-run.js';
import { costModel, rawKafka } from '../lib/raw-limits.js';

/** The database server's cost per operation as a collection grows (one operation at a time), in a database of its own. */
export async function serverCostModel(run: BenchRun): Promise<void> {
  run.results.raw.costModel = await run.phase('cost-model', 'cost model', 30_000, async () => {
    run.sampler.begin('raw cost model');
    const rows = await costModel(run.mongo.db(run.scratchDbName), [100, 1_000, 5_000, 10_000]);
    run.log(
      `cost model: ${rows.map((row) => `${row.documents} docs: miss ${row.findOneMiss} ms, replace ${row.replaceOne} ms`).join('; ')}`,
    );
    return rows;
  });
}

/** kafkajs produce → consume with the relay's producer settings, on a topic of its own. */
export async function kafkaLimits(run: BenchRun): Promise<void> {
  run.results.raw.kafka = await run.phase('kafka', 'raw kafkajs', 30_000, async () => {
    run.sampler.begin('raw kafkajs produce → consume');
    const topic = `${run.topicPrefix}bench-raw`;
    const result = await rawKafka(run.kafkaBrokers, topic, topic, 1_000, {
      throughputMessages: 10_000,
      batchSize: 500,
      latencyRate: 100,
      latencyMs: 5_000,
    });
    run.log(
      `raw kafka: ${result.throughput.messagesPerSecond} msg/s end to end; single sends p50 ` +
        `${result.latency.latency.p50Ms} ms, p99 ${result.latency.latency.p99Ms} ms`,
    );
    return result;
  });
}
