import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';
import type { Db } from 'mongodb';
import type { MachineDetails } from './results.js';

/** The machine, the servers and the library versions a run measured on. */
export async function machineDetails(root: string, db: Db): Promise<MachineDetails> {
  const osRelease = existsSync('/etc/os-release') ? readFileSync('/etc/os-release', 'utf8') : '';
  const prettyName = /PRETTY_NAME="([^"]+)"/.exec(osRelease)?.[1] ?? `${os.type()} ${os.release()}`;
  const goMod = readFileSync(join(root, 'infra', 'local', 'ferretdb', 'go.mod'), 'utf8');
  const ferretdb = /github\.com\/FerretDB\/FerretDB (v[\d.]+)/.exec(goMod)?.[1] ?? 'unknown';
  const kafkaLibs = join(root, '.local', 'kafka', 'libs');
  const kafkaJar = existsSync(kafkaLibs)
    ? readdirSync(kafkaLibs).find((f) => /^kafka-server-[\d.]+\.jar$/.test(f))
    : undefined;
  const buildInfo = (await db.admin().command({ buildInfo: 1 })) as { version?: string };
  const require = createRequire(join(root, 'package.json'));
  const versionOf = (name: string) => (require(`${name}/package.json`) as { version: string }).version;
  return {
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: prettyName,
    kernel: os.release(),
    node: process.version,
    loadAverageAtStart: os.loadavg().map((value) => Math.round(value * 100) / 100),
    servers: {
      ferretdb: `FerretDB ${ferretdb}`,
      ferretdbBackend: 'SQLite',
      mongoProtocolVersion: buildInfo.version ?? 'unknown',
      kafka: kafkaJar
        ? `Apache Kafka ${/([\d.]+)\.jar$/.exec(kafkaJar)?.[1]} (KRaft, one node)`
        : 'Apache Kafka (external)',
    },
    libraries: Object.fromEntries(
      ['mongodb', 'kafkajs', '@nestjs/core', '@nestjs/platform-fastify', 'fastify', 'typescript'].map((name) => [
        name,
        versionOf(name),
      ]),
    ),
  };
}
