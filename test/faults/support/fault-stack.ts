import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { SecretBox } from '#libs/platform';
import { RegulatorRegistry } from '#libs/regulators';
import { AppProcess, type AppName } from '../../support/app-process.js';
import { freePort } from '../../support/free-port.js';
import { TestStack } from '../../support/test-stack.js';
import { WebhookReceiver } from '../../support/webhook-receiver.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
export const APPS: AppName[] = ['case-api', 'relay', 'projector', 'notifier'];

/** Quick retries and a short lease slot, so that a scenario (and a notifier restart) stays within seconds. */
const NOTIFIER_ENV = {
  WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true',
  NOTIFIER_TIMEOUT_MS: '1000',
  NOTIFIER_POLL_MS: '250',
  NOTIFIER_BACKOFF_BASE_MS: '200',
  NOTIFIER_BACKOFF_CAP_MS: '2000',
};

export interface FaultStack {
  stack: TestStack;
  receiver: WebhookReceiver;
  logDir: string;
}

/**
 * case-api, relay, projector and notifier as processes on the fault servers, with a database and topics of their own,
 * and a webhook receiver registered for regulator id-pdp. case-api starts first (it creates the indexes and API
 * keys), the other three together. `appEnv` adds to one app's environment (e.g. case-api's MONGO_URL via a proxy).
 */
export async function startFaultStack(
  suite: string,
  { appEnv = {} }: { appEnv?: Partial<Record<AppName, Record<string, string>>> } = {},
): Promise<FaultStack> {
  const secretsKey = randomBytes(32).toString('base64');
  const stack = await TestStack.start(suite, [], { env: { ...NOTIFIER_ENV, BREACHLINE_SECRETS_KEY: secretsKey } });
  const receiver = await WebhookReceiver.start('up');
  const registry = new RegulatorRegistry(stack.db, new SecretBox(secretsKey));
  await registry.ensureSeeded();
  await registry.setWebhook('id-pdp', receiver.url, receiver.secret);

  const logDir = join(ROOT, '.local', 'test-logs', process.env.BREACHLINE_TEST_RUN ?? 'local');
  const start = async (name: AppName) => {
    const port = name === 'relay' ? Number(new URL(stack.env.RELAY_URL).port) : await freePort();
    const app = new AppProcess(name, port, { ...stack.env, ...appEnv[name] }, join(logDir, `${suite}-${name}.log`));
    stack.apps.set(name, app);
    await app.start();
  };
  await start('case-api');
  await Promise.all(APPS.filter((name) => name !== 'case-api').map(start));
  return { stack, receiver, logDir };
}

/** Apps that do not answer /health/live (a crash the scenario did not cause). */
export async function deadApps(stack: TestStack): Promise<string[]> {
  const dead: string[] = [];
  for (const [name, app] of stack.apps) {
    const alive = await fetch(`${app.url}/health/live`, { signal: AbortSignal.timeout(2_000) }).then(
      (response) => response.ok,
      () => false,
    );
    if (!alive) dead.push(name);
  }
  return dead;
}
