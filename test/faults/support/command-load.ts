import { randomUUID } from 'node:crypto';
import { seedCase } from '../../fixtures/seed-case.js';
import { TEST_KEYS } from '../../support/test-stack.js';

/** How a bounded command load runs: `cases` cases of COMMANDS_PER_CASE commands, `inFlight` at once, paced. */
export interface LoadOptions {
  cases: number;
  inFlight: number;
  /** First attempts are started no faster than one per this many ms (so that the load spans the fault). */
  paceMs: number;
  /** Attempts per command: the first plus retries of a 503 (or a refused connection) with the same key. */
  maxAttempts: number;
  /** Upper bound for honouring Retry-After. */
  maxRetryAfterMs: number;
  /** Called once per command when its first attempt is about to be sent (n counts from 1). */
  onSend?: (n: number) => void;
}

export interface Attempt {
  status: number;
  /** Network error text when the request got no answer (status 0). */
  error?: string;
  retryAfter?: string | null;
  replayed: boolean;
  ms: number;
}

/** One logical command: one Idempotency-Key, one or more attempts. */
export interface CommandRecord {
  caseIndex: number;
  step: number;
  name: string;
  method: 'POST';
  path: string;
  idempotencyKey: string;
  attempts: Attempt[];
  /** The last attempt's status (0: no answer). */
  finalStatus: number;
  body?: { caseId?: string; version?: number; notificationId?: string };
}

export interface LoadResult {
  commands: CommandRecord[];
  /** Commands not sent because an earlier command of their case ended without a 2xx. */
  skipped: number;
  caseIds: string[];
  ms: number;
}

export const COMMANDS_PER_CASE = 10;

const at = (day: number, hour: number) => new Date(Date.UTC(2021, 4, 20 + day, hour)).toISOString();
const ok = (status: number) => status >= 200 && status < 300;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Step = { name: string; path: (caseId: string, notificationId: string) => string; body: unknown };

/**
 * A case's ten commands, in an order the decider accepts: report, facts, a notification to id-pdp (webhook), its
 * supplement (webhook), its acknowledgement, the data subjects told, a re-assignment. Three regulator-feed items
 * and two webhooks per case.
 */
function caseSteps(index: number): Step[] {
  const facts = (path: string) => (caseId: string) => `/v1/cases/${caseId}/${path}`;
  return [
    {
      name: 'ReceiveReport',
      path: () => '/v1/cases',
      body: {
        title: `Fault load case ${index}`,
        jurisdictions: ['ID'],
        report: {
          receivedAt: at(0, 3),
          channel: 'dark-web-forum',
          summary: `A forum post offers member data for sale (fault load ${index})`,
          dataCategories: ['national-id', 'name', 'phone'],
        },
      },
    },
    { name: 'AssignInvestigator', path: facts('assignments'), body: { investigator: 'ana', assignedAt: at(0, 4) } },
    {
      name: 'VerifySample',
      path: facts('sample-verifications'),
      body: { ...seedCase.sampleVerification, verifiedAt: at(0, 6), matchedRecords: 1_000 + index },
    },
    {
      name: 'AssessRisk',
      path: facts('risk-assessments'),
      body: {
        assessedAt: at(0, 7),
        riskLevel: 'high',
        likelyConsequences: 'Phishing',
        estimatedAffectedSubjects: 5_000 + index,
      },
    },
    { name: 'TraceSource', path: facts('source-traces'), body: { ...seedCase.sourceTrace, tracedAt: at(1, 8) } },
    {
      name: 'NotifyRegulator',
      path: facts('regulator-notifications'),
      body: { ...seedCase.regulatorNotification, notifiedAt: at(2, 9) },
    },
    {
      name: 'SupplementRegulatorNotification',
      path: (caseId, notificationId) => `/v1/cases/${caseId}/regulator-notifications/${notificationId}/supplements`,
      body: { supplementedAt: at(3, 9), content: { sourceUpdate: `Source narrowed (case ${index})` } },
    },
    {
      name: 'RecordRegulatorAcknowledgement',
      path: (caseId, notificationId) => `/v1/cases/${caseId}/regulator-notifications/${notificationId}/acknowledgement`,
      body: { regulatorId: 'id-pdp', acknowledgedAt: at(3, 10), reference: `PDP-2021-${1000 + index}` },
    },
    {
      name: 'NotifyDataSubjects',
      path: facts('data-subject-notifications'),
      body: {
        notifiedAt: at(4, 0),
        channel: 'sms',
        subjectCount: 5_000 + index,
        messageSummary: 'Your data may be affected',
      },
    },
    { name: 'AssignInvestigator', path: facts('assignments'), body: { investigator: 'budi', assignedAt: at(4, 1) } },
  ];
}

/**
 * Sends every case's commands one after another (a case's later commands need its earlier ones; with several API
 * URLs, its consecutive commands go to different ones), `inFlight` cases at a time, each command with its own
 * Idempotency-Key. A 503 (or no answer at all) is retried with the same key after
 * Retry-After, a bounded number of times; anything else is final. A case whose command ends without a 2xx stops there.
 */
export async function runCommandLoad(apiUrl: string | readonly string[], options: LoadOptions): Promise<LoadResult> {
  const apiUrls = typeof apiUrl === 'string' ? [apiUrl] : apiUrl;
  const commands: CommandRecord[] = [];
  const caseIds: string[] = [];
  let skipped = 0;
  let sent = 0;
  let nextSlot = Date.now();
  const started = Date.now();

  /** Pacing: the n-th first attempt waits for its slot. */
  const slot = async () => {
    const mine = nextSlot;
    nextSlot += options.paceMs;
    await sleep(Math.max(0, mine - Date.now()));
    options.onSend?.(++sent);
  };

  const send = async (record: CommandRecord, body: unknown): Promise<void> => {
    for (let attempt = 1; attempt <= options.maxAttempts; attempt++) {
      const t0 = Date.now();
      let result: Attempt;
      try {
        const response = await fetch(`${apiUrls[(record.caseIndex + record.step) % apiUrls.length]}${record.path}`, {
          method: record.method,
          headers: {
            authorization: `Bearer ${TEST_KEYS.investigator}`,
            'content-type': 'application/json',
            'idempotency-key': record.idempotencyKey,
          },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(30_000),
        });
        const text = await response.text();
        result = {
          status: response.status,
          retryAfter: response.headers.get('retry-after'),
          replayed: response.headers.get('idempotent-replayed') === 'true',
          ms: Date.now() - t0,
        };
        if (ok(response.status)) record.body = JSON.parse(text);
        else if (response.status >= 500 && response.status !== 503) result.error = text.slice(0, 300);
      } catch (error) {
        result = { status: 0, error: String((error as Error).cause ?? error), replayed: false, ms: Date.now() - t0 };
      }
      record.attempts.push(result);
      record.finalStatus = result.status;
      if (result.status !== 503 && result.status !== 0) return;
      if (attempt === options.maxAttempts) return;
      const retryAfterS = Number(result.retryAfter);
      const waitMs = Number.isFinite(retryAfterS) && retryAfterS > 0 ? retryAfterS * 1000 : 1000;
      await sleep(Math.min(waitMs, options.maxRetryAfterMs));
    }
  };

  const runCase = async (index: number) => {
    const steps = caseSteps(index);
    let caseId = '';
    let notificationId = '';
    for (let step = 0; step < steps.length; step++) {
      const { name, path, body } = steps[step];
      await slot();
      const record: CommandRecord = {
        caseIndex: index,
        step,
        name,
        method: 'POST',
        path: path(caseId, notificationId),
        idempotencyKey: `fault-${randomUUID()}`,
        attempts: [],
        finalStatus: 0,
      };
      commands.push(record);
      await send(record, body);
      if (!ok(record.finalStatus)) {
        skipped += steps.length - step - 1;
        return;
      }
      if (step === 0) caseId = caseIds[index] = record.body!.caseId!;
      if (name === 'NotifyRegulator') notificationId = record.body!.notificationId!;
    }
  };

  let next = 0;
  await Promise.all(
    Array.from({ length: options.inFlight }, async () => {
      while (next < options.cases) await runCase(next++);
    }),
  );
  return { commands, skipped, caseIds: caseIds.filter(Boolean), ms: Date.now() - started };
}
