// Test-only fault injection, loaded into the relay with NODE_OPTIONS=--import (no production code involved): the
// process SIGKILLs itself right after its first kafkajs producer `send` resolves, so a crash lands between "produced to
// Kafka" and "marked published in the outbox". kafkajs is CommonJS: patching its Kafka class here patches the one the
// app imports.
import { createRequire } from 'node:module';
import path from 'node:path';

const load = createRequire(path.join(process.cwd(), 'package.json'));
const { Kafka } = load('kafkajs');
const producer = Kafka.prototype.producer;
Kafka.prototype.producer = function (...args) {
  const created = producer.apply(this, args);
  const send = created.send;
  created.send = async (...sendArgs) => {
    const result = await send(...sendArgs);
    process.stderr.write('[fault-injection] SIGKILL after the first producer send resolved\n');
    process.kill(process.pid, 'SIGKILL');
    return result;
  };
  return created;
};
