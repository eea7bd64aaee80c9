import { randomBytes } from 'node:crypto';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient, type Db } from 'mongodb';
import { topicsFor, type Topics } from '#libs/messaging';
import { AppProcess, type AppName } from './app-process.js';
import { freePort } from './free-port.js';

const ROOT = join(import.meta.dirname, '..', '..');

export const TEST_KEYS = {
  investigator: 'test-investigator-key-0123456789abcdef',
  investigator2: 'test-investigator2-key-0123456789abcdef',
  pr: 'test-pr-key-0123456789abcdef-aaaaaaaa',
  pr2: 'test-pr2-key-0123456789abcdef-bbbbbbb',
  admin: 'test-admin-key-0123456789abcdef-cccccc',
  regulatorPdp: 'test-regulator-pdp-key-0123456789abcdef',
  regulatorOther: 'test-regulator-other-key-0123456789abcdef',
} as const;

const KEY_FILE_ENTRIES = [
  { key: TEST_KEYS.investigator, role: 'investigator', name: 'ana' },
  { key: TEST_KEYS.investigator2, role: 'investigator', name: 'budi' },
  { key: TEST_KEYS.pr, role: 'pr', name: 'citra' },
  { key: TEST_KEYS.pr2, role: 'pr', name: 'dewi' },
  { key: TEST_KEYS.admin, role: 'admin', name: 'eko' },
  { key: TEST_KEYS.regulatorPdp, role: 'regulator', name: 'pdp-agency', regulatorId: 'id-pdp' },
  { key: TEST_KEYS.regulatorOther, role: 'regulator', name: 'pdpc', regulatorId: 'sg-pdpc' },
];

/**
 * The apps as separate processes on the real servers, with a database and topics of their own
 * (named after the test run and the suite) so that suites never see each other's data.
 */
export class TestStack {
  readonly apps = new Map<AppName, AppProcess>();
  readonly mongo: MongoClient;
  readonly db: Db;
  readonly kafka: Kafka;
  readonly topics: Topics;

  private constructor(
    readonly name: string,
    readonly env: Record<string, string>,
  ) {
    this.mongo = new MongoClient(env.MONGO_URL, { retryWrites: false });
    this.db = this.mongo.db(env.MONGO_DB);
    this.kafka = new Kafka({
      clientId: `test-${name}`,
      brokers: env.KAFKA_BROKERS.split(','),
      logLevel: logLevel.NOTHING,
    });
    this.topics = topicsFor(env.KAFKA_TOPIC_PREFIX);
  }

  /** `options.env` is added to (and may override) every app's environment in this stack, and kept in `env`. */
  static async start(
    suite: string,
    apps: AppName[] = ['case-api', 'relay', 'projector'],
    options: { env?: Record<string, string> } = {},
  ): Promise<TestStack> {
    const run = process.env.BREACHLINE_TEST_RUN ?? 'local';
    const name = `${suite}-${run}`;
    const logDir = join(ROOT, '.local', 'test-logs', run);
    mkdirSync(logDir, { recursive: true });
    const keysFile = join(logDir, `${suite}-keys.json`);
    writeFileSync(keysFile, JSON.stringify(KEY_FILE_ENTRIES));
    const ports: Record<AppName, number> = {
      'case-api': await freePort(),
      relay: await freePort(),
      projector: await freePort(),
      notifier: await freePort(),
    };
    const env = {
      MONGO_URL: required('MONGO_URL'),
      KAFKA_BROKERS: required('KAFKA_BROKERS'),
      MONGO_DB: `t_${name}`.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 48),
      KAFKA_TOPIC_PREFIX: `t-${name}.`.toLowerCase().replace(/[^a-z0-9.-]/g, '-'),
      RELAY_URL: `http://127.0.0.1:${ports.relay}`,
      BREACHLINE_API_KEYS_FILE: keysFile,
      LOG_LEVEL: 'info',
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      // Wraps the cases' data keys (and seals webhook secrets): the apps that hold personal data need one.
      BREACHLINE_SECRETS_KEY: randomBytes(32).toString('base64'),
      ...options.env,
    };
    const stack = new TestStack(name, env);
    await stack.mongo.connect();
    try {
      for (const app of apps) {
        const process = new AppProcess(app, ports[app], env, join(logDir, `${suite}-${app}.log`));
        stack.apps.set(app, process);
        await process.start();
      }
    } catch (error) {
      // Otherwise the open client and the apps already started keep jest from exiting.
      await stack.stop();
      throw error;
    }
    return stack;
  }

  app(name: AppName): AppProcess {
    const app = this.apps.get(name);
    if (!app) throw new Error(`${name} is not part of this stack`);
    return app;
  }

  get apiUrl(): string {
    return this.app('case-api').url;
  }

  async stop(): Promise<void> {
    await Promise.all([...this.apps.values()].map((app) => app.kill('SIGTERM')));
    await this.mongo.close();
  }
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: the jest global setup brings the servers up`);
  return value;
}
