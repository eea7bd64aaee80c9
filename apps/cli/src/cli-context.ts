import { MongoClient, type Db } from 'mongodb';
import { Kafka, logLevel } from 'kafkajs';
import { topicsFor, type Topics } from '#libs/messaging';
import { type PersonalDataAccess, withPersonalData as withKeyStore } from '#libs/privacy';

export interface CliContext {
  db: Db;
  kafka: Kafka;
  topics: Topics;
  apiUrl: string;
}

/**
 * The servers the apps use: MONGO_URL/KAFKA_BROKERS when set, otherwise the local ones that
 * `npm start` runs (brought up if needed).
 */
export async function withContext<T>(work: (context: CliContext) => Promise<T>): Promise<T> {
  let mongoUrl = process.env.MONGO_URL;
  let kafkaBrokers = process.env.KAFKA_BROKERS;
  if (!mongoUrl || !kafkaBrokers) {
    const infra = await import('#infra');
    const servers = await infra.up({ quiet: true });
    mongoUrl ??= servers.mongoUrl;
    kafkaBrokers ??= servers.kafkaBrokers;
  }
  const client = new MongoClient(mongoUrl, { retryWrites: false, serverSelectionTimeoutMS: 5_000 });
  await client.connect();
  try {
    return await work({
      db: client.db(process.env.MONGO_DB ?? 'breachline'),
      kafka: new Kafka({ clientId: 'breachline-cli', brokers: kafkaBrokers.split(','), logLevel: logLevel.ERROR }),
      topics: topicsFor(process.env.KAFKA_TOPIC_PREFIX ?? ''),
      apiUrl: process.env.BREACHLINE_API_URL ?? 'http://127.0.0.1:3100',
    });
  } finally {
    await client.close();
  }
}

/** The context plus the data keys, for commands that read case events (BREACHLINE_SECRETS_KEY needed). */
export function withPersonalData<T>(work: (context: CliContext & PersonalDataAccess) => Promise<T>): Promise<T> {
  return withContext((context) => withKeyStore(context.db, process.env, (access) => work({ ...context, ...access })));
}

export function printTable(rows: Record<string, unknown>[]): void {
  if (rows.length === 0) {
    console.log('(none)');
    return;
  }
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const cell = (value: unknown) => (value === undefined || value === null ? '' : String(value));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((row) => cell(row[c]).length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  console.log(line(columns));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(columns.map((c) => cell(row[c]))));
}
