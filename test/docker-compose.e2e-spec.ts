// docker-compose.yml and the Dockerfile cannot be run on machines without a Docker engine (CI included), so this
// suite checks what would break them: a service missing for an app, an env the apps would refuse, a dependency
// started before MongoDB/Kafka are healthy, a command that points at a file the build does not produce.
import { execFileSync } from 'node:child_process';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { validateEnvironment } from '#libs/platform';
import { APP_NODE_OPTIONS } from '../scripts/node-options.mjs';

const ROOT = join(import.meta.dirname, '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

interface Service {
  image?: string;
  build?: string | { context?: string; dockerfile?: string; args?: Record<string, string> | string[] };
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[] };
  ports?: (string | { target: number; published?: string | number })[];
  volumes?: (string | { type?: string; source?: string; target?: string })[];
  env_file?: string | (string | { path: string; required?: boolean })[];
}

const compose = parse(read('docker-compose.yml')) as { services: Record<string, Service> };
const services = compose.services;
const dockerfile = read('Dockerfile');

/** The long-running apps: those whose main.ts starts an HTTP app (the CLI in apps/ is not a service). */
const appNames = readdirSync(join(ROOT, 'apps'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(ROOT, 'apps', entry.name, 'src', 'main.ts')))
  .map((entry) => entry.name)
  .filter((name) => read(`apps/${name}/src/main.ts`).includes('bootstrapHttpApp('));

const defaultPort = (app: string) => Number(/defaultPort:\s*(\d+)/.exec(read(`apps/${app}/src/main.ts`))?.[1]);

const buildArgs = (service: Service): Record<string, string> => {
  const args = typeof service.build === 'object' ? service.build.args : undefined;
  if (!args) return {};
  if (!Array.isArray(args)) return args;
  return Object.fromEntries(args.map((arg) => arg.split('=', 2) as [string, string]));
};

const envOf = (service: Service): Record<string, string> => {
  const env = service.environment ?? {};
  const pairs = Array.isArray(env) ? env.map((e) => e.split('=', 2)) : Object.entries(env);
  return Object.fromEntries(pairs.map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)]));
};

const command = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(' ') : (value ?? ''));

const dependsOn = (service: Service): Record<string, string | undefined> =>
  Array.isArray(service.depends_on)
    ? Object.fromEntries(service.depends_on.map((name) => [name, undefined]))
    : Object.fromEntries(Object.entries(service.depends_on ?? {}).map(([name, dep]) => [name, dep.condition]));

/** The app each built service runs: the APP build argument, else the Dockerfile's default. */
const dockerfileDefaultApp = /^ARG APP=(\S+)/m.exec(dockerfile)?.[1];
const appOf = (service: Service) => buildArgs(service).APP ?? envOf(service).APP ?? dockerfileDefaultApp;
const appServices = Object.entries(services).filter(([, service]) => service.build !== undefined);

/** The variables every app requires, as the apps' own validation reports them for an empty environment. */
function requiredVariables(): string[] {
  try {
    validateEnvironment({});
  } catch (error) {
    return [...(error as Error).message.matchAll(/^\s+([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1]);
  }
  throw new Error('validateEnvironment({}) accepted an empty environment');
}

describe('docker-compose.yml', () => {
  it('has a service for every app in apps/, each built from the one Dockerfile, and none for an unknown app', () => {
    expect(appNames.length).toBeGreaterThanOrEqual(3);
    for (const [name, service] of appServices) {
      const build = typeof service.build === 'string' ? { context: service.build } : service.build!;
      expect({ name, context: build.context, dockerfile: build.dockerfile ?? 'Dockerfile' }).toEqual({
        name,
        context: '.',
        dockerfile: 'Dockerfile',
      });
      expect(appNames).toContain(appOf(service));
    }
    expect(appServices.map(([, service]) => appOf(service)).sort()).toEqual([...appNames].sort());
  });

  it("gives every app the variables the apps require, with values the apps' own validation accepts", () => {
    const required = requiredVariables();
    expect(required).toEqual(expect.arrayContaining(['MONGO_URL', 'KAFKA_BROKERS']));
    for (const [name, service] of appServices) {
      const env = envOf(service);
      expect({ name, missing: required.filter((variable) => !env[variable]) }).toEqual({ name, missing: [] });
      expect(() => validateEnvironment(env)).not.toThrow();
      // Inside a container the default 127.0.0.1 would be unreachable from the other containers.
      expect({ name, HOST: env.HOST }).toEqual({ name, HOST: '0.0.0.0' });
    }
  });

  it('starts every app only after MongoDB and Kafka are healthy, and points it at those services', () => {
    for (const [name, service] of appServices) {
      expect({ name, depends: dependsOn(service) }).toMatchObject({
        name,
        depends: { mongo: 'service_healthy', kafka: 'service_healthy' },
      });
      const env = envOf(service);
      const mongoHosts = new URL(env.MONGO_URL).host.split(',').map((host) => host.split(':')[0]);
      const kafkaHosts = env.KAFKA_BROKERS.split(',').map((broker) => broker.split(':')[0]);
      expect({ name, mongoHosts, kafkaHosts }).toEqual({ name, mongoHosts: ['mongo'], kafkaHosts: ['kafka'] });
    }
    expect(services.mongo.healthcheck?.test).toBeDefined();
    expect(services.kafka.healthcheck?.test).toBeDefined();
  });

  it('wires the relay URL and the health checks to the ports the apps listen on, and publishes the API', () => {
    const relayPort = defaultPort('relay');
    for (const [name, service] of appServices) {
      const port = defaultPort(appOf(service)!);
      expect(port).toBeGreaterThan(0);
      expect({ name, RELAY_URL: envOf(service).RELAY_URL }).toEqual({ name, RELAY_URL: `http://relay:${relayPort}` });
      expect(command(service.healthcheck?.test)).toContain(`:${port}/health/ready`);
    }
    const published = (services['case-api'].ports ?? []).map((p) =>
      typeof p === 'string' ? p : `${p.published}:${p.target}`,
    );
    expect(published.some((p) => p.endsWith(`:${defaultPort('case-api')}`))).toBe(true);
  });

  it('gives every app but the relay BREACHLINE_SECRETS_KEY from a required env file (it wraps the data keys)', () => {
    for (const [name, service] of appServices.filter(([, s]) => appOf(s) !== 'relay')) {
      const files = [service.env_file ?? []].flat().map((f) => (typeof f === 'string' ? { path: f } : f));
      expect({ name, files }).toEqual({ name, files: [{ path: './config/breachline.env', required: true }] });
    }
    expect(read('docker-compose.yml')).toContain('BREACHLINE_SECRETS_KEY=$(openssl rand -base64 32)');
  });

  it('mounts the API keys file where BREACHLINE_API_KEYS_FILE points, read-only, from ./config', () => {
    const caseApi = services['case-api'];
    const target = envOf(caseApi).BREACHLINE_API_KEYS_FILE;
    expect(target).toMatch(/^\//);
    const mounts = (caseApi.volumes ?? []).map((v) =>
      typeof v === 'string' ? { source: v.split(':')[0], target: v.split(':')[1], read_only: v.endsWith(':ro') } : v,
    );
    expect(mounts).toContainEqual(
      expect.objectContaining({ source: './config/api-keys.json', target, read_only: true }),
    );
  });

  it('runs MongoDB 7 as a replica set that initiates itself and that the apps name in MONGO_URL', () => {
    const mongo = services.mongo;
    expect(mongo.image).toMatch(/^mongo:7(\.|$)/);
    const args = command(mongo.command);
    const replSet = /--replSet[ =](\S+)/.exec(args)?.[1];
    expect(replSet).toBeDefined();
    expect(args).toContain('--bind_ip_all');
    const check = command(mongo.healthcheck?.test);
    expect(check).toContain('rs.initiate(');
    expect(check).toContain(`_id: '${replSet}'`);
    expect(check).toMatch(/host: 'mongo:27017'/);
    for (const [, service] of appServices) {
      expect(new URL(envOf(service).MONGO_URL).searchParams.get('replicaSet')).toBe(replSet);
    }
  });

  it('runs Kafka 3.9.x as a single KRaft node (no ZooKeeper) with replication factors of 1 and no auto-created topics', () => {
    const kafka = services.kafka;
    expect(kafka.image).toMatch(/^apache\/kafka:3\.9\.\d+$/);
    const env = envOf(kafka);
    expect(env.KAFKA_PROCESS_ROLES.split(',').sort()).toEqual(['broker', 'controller']);
    expect(env.KAFKA_CONTROLLER_QUORUM_VOTERS).toBe(`${env.KAFKA_NODE_ID}@kafka:9093`);
    expect(env.KAFKA_LISTENERS).toContain('CONTROLLER://:9093');
    expect(env.KAFKA_CONTROLLER_LISTENER_NAMES).toBe('CONTROLLER');
    expect(Object.keys(env).filter((key) => /ZOOKEEPER/.test(key))).toEqual([]);
    expect(Object.keys(services).filter((name) => /zookeeper/i.test(name + (services[name].image ?? '')))).toEqual([]);
    for (const key of [
      'KAFKA_DEFAULT_REPLICATION_FACTOR',
      'KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR',
      'KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR',
      'KAFKA_TRANSACTION_STATE_LOG_MIN_ISR',
    ]) {
      expect({ key, value: env[key] }).toEqual({ key, value: '1' });
    }
    expect(env.KAFKA_AUTO_CREATE_TOPICS_ENABLE).toBe('false');
    expect(command(kafka.healthcheck?.test)).toContain(
      '/opt/kafka/bin/kafka-broker-api-versions.sh --bootstrap-server localhost:9092',
    );
    // The brokers the apps use must be a listener Kafka advertises to the other containers.
    const advertised = env.KAFKA_ADVERTISED_LISTENERS.split(',').map((listener) => listener.replace(/^\w+:\/\//, ''));
    for (const [, service] of appServices) {
      for (const broker of envOf(service).KAFKA_BROKERS.split(',')) expect(advertised).toContain(broker);
    }
  });
});

describe('Dockerfile', () => {
  const stages = dockerfile.split(/^FROM /m).slice(1);

  it('builds on node:20-slim: npm ci, npm run build, then drops the dev dependencies', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage).toMatch(/^node:20-slim\b/);
    const build = stages[0];
    const order = ['npm ci', 'npm run build', 'npm prune --omit=dev'].map((step) => build.indexOf(step));
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // `npm run build` must be the build that emits dist/ (the layout the runtime command expects).
    const scripts = JSON.parse(read('package.json')).scripts as Record<string, string>;
    expect(scripts.build).toBe('tsc -p tsconfig.build.json');
    expect(JSON.parse(read('tsconfig.json')).compilerOptions.outDir).toBe('dist');
  });

  it('runs dist/apps/${APP}/src/main.js, a file the build produces for every app service', () => {
    const runtime = stages[stages.length - 1];
    const cmd = /^CMD (.+)$/m.exec(runtime)?.[1] ?? '';
    expect(cmd).toContain('node');
    const template = /dist\/apps\/\$\{?APP\}?\/src\/main\.js/.exec(cmd)?.[0];
    expect(template).toBeDefined();
    expect(runtime).toMatch(/^ARG APP\b/m);
    expect(runtime).toMatch(/^ENV APP=\$\{?APP\}?/m);
    // The runtime resolves #libs/* through package.json's "imports"; dist and node_modules come from the build.
    for (const copied of ['package.json', 'node_modules', 'dist']) {
      expect(runtime).toMatch(new RegExp(`^COPY --from=\\S+ /app/${copied} `, 'm'));
    }
    for (const [, service] of appServices) {
      const main = template!.replace(/\$\{?APP\}?/, appOf(service)!);
      expect({ main, exists: existsSync(join(ROOT, main)) }).toEqual({ main, exists: true });
    }
  });

  it('runs the apps with the heap bounds of scripts/node-options.mjs, and builds without them', () => {
    /** The variables a stage sets with ENV (continued lines joined; KEY=value or KEY="value" pairs). */
    const envOfStage = (stage: string) =>
      Object.fromEntries(
        [...stage.replace(/\\\n\s*/g, ' ').matchAll(/^ENV (.+)$/gm)].flatMap(([, pairs]) =>
          [...pairs.matchAll(/(\w+)=("[^"]*"|\S+)/g)].map(([, key, value]) => [key, value.replace(/^"|"$/g, '')]),
        ),
      );
    expect(envOfStage(stages[stages.length - 1]).NODE_OPTIONS).toBe(APP_NODE_OPTIONS);
    for (const stage of stages.slice(0, -1)) expect(envOfStage(stage).NODE_OPTIONS).toBeUndefined();
    // Not replaced by docker-compose.yml.
    for (const [name, service] of appServices) {
      expect({ name, NODE_OPTIONS: envOf(service).NODE_OPTIONS ?? APP_NODE_OPTIONS }).toEqual({
        name,
        NODE_OPTIONS: APP_NODE_OPTIONS,
      });
    }
  });

  it('is not sent node_modules, dist, .local, .git or the API keys in its build context', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'));
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', '.local', '.git', 'config']));
  });

  it('makes the ledger key pair once, gives the signing key to the relay alone and the public key to the case-api', () => {
    const keys = services['ledger-keys'];
    const env = envOf(services.relay);
    const mountsOf = (name: string) =>
      (services[name].volumes ?? []).map((v) => (typeof v === 'string' ? v.split(':').slice(0, 2).join(':') : v));
    const signingVolume = `ledger-signing-key:${dirname(env.LEDGER_SIGNING_KEY_FILE)}`;
    const publicVolume = `ledger-public-key:${dirname(env.LEDGER_PUBLIC_KEY_FILE)}`;
    expect(mountsOf('relay')).toContain(signingVolume);
    expect(mountsOf('case-api')).toContain(publicVolume);
    for (const name of Object.keys(services).filter((name) => name !== 'relay' && name !== 'ledger-keys')) {
      expect({ name, signing: mountsOf(name).some((m) => String(m).startsWith('ledger-signing-key:')) }).toEqual({
        name,
        signing: false,
      });
    }
    for (const name of ['relay', 'case-api']) {
      expect(dependsOn(services[name])['ledger-keys']).toBe('service_completed_successfully');
    }
    // The one-shot's own script, run twice on two scratch directories: one Ed25519 pair, kept on the second run.
    const dir = mkdtempSync(join(tmpdir(), 'ledger-keys-'));
    for (const sub of ['signing', 'public']) mkdirSync(join(dir, sub));
    const script = (keys.command as string[])[2].replaceAll('/keys/', `${dir}/`);
    const run = () =>
      execFileSync(process.execPath, [
        '-e',
        process.getuid?.() === 0 ? script : script.replace(/fs\.chownSync\([^)]*\);/, ''),
      ]);
    run();
    const first = readFileSync(join(dir, 'signing/ledger.key.pem'), 'utf8');
    run();
    expect(readFileSync(join(dir, 'signing/ledger.key.pem'), 'utf8')).toBe(first);
    const publicKey = createPublicKey(readFileSync(join(dir, 'public/ledger.pub.pem'), 'utf8'));
    expect(publicKey.asymmetricKeyType).toBe('ed25519');
    expect(createPublicKey(createPrivateKey(first)).export({ type: 'spki', format: 'pem' })).toBe(
      publicKey.export({ type: 'spki', format: 'pem' }),
    );
  });
});
