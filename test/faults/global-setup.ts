import { randomBytes } from 'node:crypto';
import { faultInfra, useFaultServers } from './fault-env.mjs';

/** Starts (or reuses) the fault suite's own Kafka and FerretDB and gives this run its own names. */
export default async function globalSetup(): Promise<void> {
  useFaultServers();
  const started = Date.now();
  const servers = await (await faultInfra()).up({ quiet: true });
  process.env.MONGO_URL = servers.mongoUrl;
  process.env.KAFKA_BROKERS = servers.kafkaBrokers;
  process.env.BREACHLINE_TEST_RUN = process.env.BREACHLINE_TEST_RUN ?? randomBytes(3).toString('hex');
  console.info(
    `\n[faults] servers of its own: ${servers.mongoUrl}, kafka ${servers.kafkaBrokers} ` +
      `(${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
}
