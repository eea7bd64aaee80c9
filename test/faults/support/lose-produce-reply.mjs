// Test-only fault injection, loaded into an app with NODE_OPTIONS=--import (no production code involved): after
// LOSE_PRODUCE_REPLY_AFTER produce requests have been answered, the next one is written by the broker but its reply is
// lost, and for LOSE_PRODUCE_REPLY_DOWN_MS (default 2000) every produce request fails unsent — the broker crashed
// between append and reply and stays away for a while. kafkajs sees non-retriable errors, so each send fails at once,
// as it would after its retries ran out. kafkajs is CommonJS: patching its Broker here patches the instance the app
// imports.
import { createRequire } from 'node:module';
import path from 'node:path';

const after = Number(process.env.LOSE_PRODUCE_REPLY_AFTER);
const downMs = Number(process.env.LOSE_PRODUCE_REPLY_DOWN_MS ?? 2000);
if (process.env.LOSE_PRODUCE_REPLY_AFTER && Number.isInteger(after) && after >= 0) {
  const load = createRequire(path.join(process.cwd(), 'package.json'));
  const root = path.dirname(load.resolve('kafkajs'));
  const Broker = load(path.join(root, 'src', 'broker'));
  const { KafkaJSNonRetriableError } = load(path.join(root, 'src', 'errors'));
  const produce = Broker.prototype.produce;
  let answered = 0;
  let downUntil = 0;
  Broker.prototype.produce = async function (...args) {
    if (Date.now() < downUntil) throw new KafkaJSNonRetriableError('broker unreachable (fault injection)');
    const response = await produce.apply(this, args);
    if (downUntil === 0 && answered++ === after) {
      downUntil = Date.now() + downMs;
      process.stderr.write(`[fault-injection] produce reply lost after ${after} answered produce requests\n`);
      throw new KafkaJSNonRetriableError('produce reply lost (fault injection)');
    }
    return response;
  };
}
