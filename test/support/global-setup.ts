import { randomBytes } from 'node:crypto';

/** Brings the local servers up (or checks external ones) and gives this run its own names. */
export default async function globalSetup(): Promise<void> {
  const infra = await import('#infra');
  const servers = await infra.up({ quiet: true });
  process.env.MONGO_URL = servers.mongoUrl;
  process.env.KAFKA_BROKERS = servers.kafkaBrokers;
  process.env.BREACHLINE_TEST_RUN = process.env.BREACHLINE_TEST_RUN ?? randomBytes(3).toString('hex');
}
