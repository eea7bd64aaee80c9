import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Db } from 'mongodb';
import { type CaseCommand, type CaseEvent, type CaseState, decide, evolve, initialCaseState } from '#libs/domain';
import {
  DecideAndAppend,
  type EventCodec,
  EventStore,
  StateCache,
  type StoredEvent,
  UNENCRYPTED_CODEC,
} from '#libs/event-store';
import { DataKeyStore, KeyEncryptionKeys, PersonalDataCodec } from '#libs/privacy';
import { type CaseStoredEvent, caseListProjection, caseStatusProjection } from '#libs/read-models';
import type { BenchRun } from '../lib/bench-run.js';
import { closedLoop, mergeRounds, withoutSamples } from '../lib/load.js';
import type { EncryptionCost } from '../lib/results.js';
import { appendContext, assignCommand, caseStateSchema, receiveReportCommand } from '../lib/seeding.js';

/** Commands per case before a worker opens the next one: a report, then assignments (personal investigator and note). */
const COMMANDS_PER_CASE = 20;
/** The relay's batch size: the projector decodes what one publish carries. */
const DECODE_BATCH = 500;
/** Each of the projector's alternating passes repeats over the stored events for this long. */
const PROJECTOR_PASS_MS = 1_000;

interface Side {
  name: 'encrypted' | 'unencrypted';
  db: Db;
  codec: EventCodec;
  runner: DecideAndAppend<CaseCommand, CaseEvent, CaseState>;
  store: EventStore;
  seq: number;
}

/**
 * What encrypting personal fields costs: (a) case commands through DecideAndAppend (as case-api runs them, with its
 * state cache and snapshots) with the personal-data codec and without it, same server, same workers and duration,
 * in alternating rounds; (b) the projector's side: the stored events of (a) decoded in relay-sized batches and
 * applied to the case_status and case_list projections, against the same projections over the unencrypted events.
 */
export async function encryptionCost(run: BenchRun): Promise<void> {
  const { appendMs, concurrency, rounds } = run.settings;
  run.results.app.encryption = await run.phase(
    'encryption',
    'encryption: with and without the personal-data codec',
    2 * appendMs + 2 * rounds * PROJECTOR_PASS_MS + 30_000,
    async (): Promise<EncryptionCost> => {
      const schema = caseStateSchema(run.root);
      const keks = new KeyEncryptionKeys(randomBytes(32).toString('base64'));
      const side = (name: Side['name'], codec: (db: Db) => EventCodec): Side => {
        const db = run.mongo.db(`${run.scratchDbName}_${name}`);
        const sideCodec = codec(db);
        const store = new EventStore(db, undefined, sideCodec);
        const cache = new StateCache<CaseState>(db, schema, undefined, undefined, sideCodec);
        const runner = new DecideAndAppend(store, { decide, evolve, initialState: initialCaseState }, cache);
        return { name, db, codec: sideCodec, runner, store, seq: 0 };
      };
      const sides = [
        side('encrypted', (db) => new PersonalDataCodec(new DataKeyStore(db, db, keks))),
        side('unencrypted', () => UNENCRYPTED_CODEC),
      ];
      try {
        await Promise.all(sides.map((s) => s.store.ensureIndexes()));
        const casesOf = sides.map(() => new Map<number, { caseId: string; commands: number }>());
        const command = async (s: Side, cases: Map<number, { caseId: string; commands: number }>, worker: number) => {
          let open = cases.get(worker);
          if (!open || open.commands >= COMMANDS_PER_CASE)
            cases.set(worker, (open = { caseId: randomUUID(), commands: 0 }));
          const n = s.seq++;
          const next = open.commands === 0 ? receiveReportCommand(open.caseId, n) : assignCommand(open.caseId, n);
          open.commands++;
          await s.runner.handle(open.caseId, next, appendContext());
        };
        const results: Record<Side['name'], ReturnType<typeof withoutSamples>[]> = { encrypted: [], unencrypted: [] };
        const perRound = Math.max(500, appendMs / rounds);
        for (let round = 0; round < rounds; round++) {
          // Alternating which goes first, so that drift (the server's files growing, other load) favours neither.
          const order = round % 2 === 0 ? [0, 1] : [1, 0];
          for (const i of order) {
            run.sampler.begin(`encryption: commands, ${sides[i].name}`);
            results[sides[i].name].push(
              await closedLoop({
                concurrency,
                durationMs: perRound,
                warmupMs: round === 0 ? 300 : 0,
                maxOps: 5_000,
                op: (worker) => command(sides[i], casesOf[i], worker),
              }),
            );
          }
        }
        const encrypted = withoutSamples(mergeRounds(results.encrypted));
        const unencrypted = withoutSamples(mergeRounds(results.unencrypted));

        const [encryptedEvents, plainEvents] = await Promise.all(sides.map((s) => storedEvents(s.store)));
        // Untimed first pass: the projector's key cache is warm in steady state (one lookup per case, then cached).
        await decodeAndProject(sides[0].codec, encryptedEvents);
        const projected = { encrypted: { events: 0, ms: 0 }, unencrypted: { events: 0, ms: 0 } };
        // Alternating passes of about PROJECTOR_PASS_MS each, as the command rounds alternate.
        for (let pass = 0; pass < 2 * rounds; pass++) {
          const encryptedPass = pass % 2 === 0;
          const total = encryptedPass ? projected.encrypted : projected.unencrypted;
          const until = performance.now() + PROJECTOR_PASS_MS;
          while (performance.now() < until) {
            total.ms += encryptedPass
              ? await decodeAndProject(sides[0].codec, encryptedEvents)
              : await decodeAndProject(undefined, plainEvents);
            total.events += encryptedPass ? encryptedEvents.length : plainEvents.length;
          }
        }
        const rate = ({ events, ms }: { events: number; ms: number }) => (ms > 0 ? (events / ms) * 1000 : 0);
        const projectorEncrypted = rate(projected.encrypted);
        const projectorUnencrypted = rate(projected.unencrypted);
        run.log(
          `encryption: commands ${encrypted.perSecond}/s encrypted vs ${unencrypted.perSecond}/s unencrypted; ` +
            `projector ${Math.round(projectorEncrypted)} vs ${Math.round(projectorUnencrypted)} events/s`,
        );
        return {
          encrypted,
          unencrypted,
          projector: {
            events: encryptedEvents.length,
            unencryptedEvents: plainEvents.length,
            encryptedPerSecond: projectorEncrypted,
            unencryptedPerSecond: projectorUnencrypted,
          },
        };
      } finally {
        await Promise.all(sides.map((s) => s.db.dropDatabase()));
      }
    },
  );
}

async function storedEvents(store: EventStore): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  for await (const commit of store.readAllCommits()) events.push(...commit.events);
  return events;
}

/** Milliseconds to pass the events through decode (when a codec is given) and the two projections' pure evolve. */
async function decodeAndProject(codec: EventCodec | undefined, events: StoredEvent[]): Promise<number> {
  const status = new Map<string, ReturnType<typeof caseStatusProjection.evolve>>();
  const list = new Map<string, ReturnType<typeof caseListProjection.evolve>>();
  const started = performance.now();
  for (let start = 0; start < events.length; start += DECODE_BATCH) {
    const batch = events.slice(start, start + DECODE_BATCH);
    const readable = (codec ? await codec.decode(batch) : batch) as CaseStoredEvent[];
    for (const event of readable) {
      status.set(event.caseId, caseStatusProjection.evolve(status.get(event.caseId) ?? null, event));
      list.set(event.caseId, caseListProjection.evolve(list.get(event.caseId) ?? null, event));
    }
  }
  return performance.now() - started;
}
