// What one run of the bench records (bench/results/latest.json): the input of the report.
import type { LatencySummary, LoadResult, OpenLoopResult } from './load.js';
import type { InProcessProfile } from './profile.js';
import type { BulkWriteResult, CostModelRow, KafkaRawResult } from './raw-limits.js';
import type { WindowUsage } from './sampler.js';
import type { ReportRenderingResult } from '../phases/render-report.js';

export type VisibilityResult = OpenLoopResult & {
  ackLatency: LatencySummary;
  projectorLag: LatencySummary;
  conflictRetries: number;
};

export interface MachineDetails {
  cpuModel: string;
  cores: number;
  memoryGb: number;
  os: string;
  kernel: string;
  node: string;
  loadAverageAtStart: number[];
  servers: { ferretdb: string; ferretdbBackend: string; mongoProtocolVersion: string; kafka: string };
  libraries: Record<string, string>;
}

export interface StreamLengthResult {
  seedMs: number;
  projectedAfterMs: number;
  cold: { length10: LatencySummary; length1000: LatencySummary };
  warm: { length10: LatencySummary; length1000: LatencySummary };
}

export interface RebuildResult {
  name: string;
  from: string;
  to: string;
  events: number;
  cases: number;
  commits: number;
  durationMs: number;
  eventsPerSecond: number;
  fixedPausesMs: number;
  replayMs: number;
  replayEventsPerSecond: number;
  seedMs: number;
  documentBytes: number;
}

export interface AppendComparison {
  emmett: { version: string; mongodbDriver: string };
  ours: { newStreams: LoadResult; existingStreams: LoadResult; commitDocuments: number };
  emmettResults: { newStreams: LoadResult; existingStreams: LoadResult; streamDocuments: number };
  eventBytes: number;
}

/** Chained appends, the chain's own share of them, and the sealer's rate over the same commits. */
export interface LedgerCost {
  appends: LoadResult;
  commits: number;
  chainMicrosPerCommit: number;
  sealLeavesPerSecond: number;
}

/** Case commands and the projector's decode-and-apply, with the personal-data codec and without it, same run. */
export interface EncryptionCost {
  encrypted: LoadResult & { rounds: number[] };
  unencrypted: LoadResult & { rounds: number[] };
  projector: { events: number; unencryptedEvents: number; encryptedPerSecond: number; unencryptedPerSecond: number };
}

/** create → fact → status?minVersion=2 flows at one store size, each step's latency apart. */
export interface ScaleResult {
  /** Cases in the store when the flows started. */
  cases: number;
  flows: number;
  errors: number;
  firstError?: string;
  create: LatencySummary;
  fact: LatencySummary;
  status: LatencySummary;
}

/** A stopped projector started again in front of a backlog on Kafka. */
export interface CatchUpResult {
  /** Events on the topic the projector's group had not committed when it started. */
  backlogEvents: number;
  /** Cases appended (one ReportReceived each) while the projector was down, and how long that took. */
  appendedCases: number;
  appendMs: number;
  /** From the appends' end until the relay had published every commit. */
  relayDrainMs: number;
  /** From the projector's start (process spawned) until its group committed every partition's end. */
  durationMs: number;
  /** Of which until the process answered /health/ready. */
  startupMs: number;
  eventsPerSecond: number;
  /** The same without the start-up: from ready to caught up. */
  eventsPerSecondAfterStartup: number;
}

/** One list query, GET /v1/cases or the raw driver find with the same filter, sort and limit. */
export interface ListResult {
  query: string;
  cases: number;
  /** Documents the filter matches (the server decodes and sorts them to answer). */
  matching: number;
  raw?: LoadResult;
  ours?: LoadResult;
}

/** Every part is optional: a phase that was skipped or failed is named in `skipped` instead. */
export interface BenchResults {
  runId: string;
  startedAt: string;
  finishedAt: string;
  durationS: number;
  machine: MachineDetails;
  settings: Record<string, string | number | boolean>;
  raw: {
    insertOne?: LoadResult;
    findOne?: LoadResult;
    bulkWrite?: BulkWriteResult;
    kafka?: KafkaRawResult;
    costModel?: CostModelRow[];
    bareGet?: LoadResult;
    barePost?: LoadResult;
    healthLive?: LoadResult;
  };
  app: {
    commands?: LoadResult;
    commandsPipelinePaused?: LoadResult;
    commandMix?: string;
    drainAfterCommandsMs?: number;
    /** From the apps' /metrics: case-api's own command time, projector progress and backlog, by phase. */
    pipeline: Record<string, Record<string, number | string | undefined>>;
    statusQueries?: LoadResult;
    visibility?: VisibilityResult;
    /** The same at an eighth of the maximum: the pipeline's latency when the database is not saturated. */
    visibilityEighth?: VisibilityResult;
    scaleSmall?: ScaleResult;
    scaleLarge?: ScaleResult;
    listSmall?: ListResult;
    listLarge?: ListResult;
    catchUp?: CatchUpResult;
    streamLength?: StreamLengthResult;
    reportRendering?: ReportRenderingResult;
    rebuild?: RebuildResult;
    append?: AppendComparison;
    ledger?: LedgerCost;
    encryption?: EncryptionCost;
  };
  skipped: { phase: string; reason: string }[];
  usage: {
    windows: WindowUsage[];
    overallMaxRssMb: Record<string, number>;
    memoryByPhase?: Record<
      string,
      Record<string, { rssMb: number; heapTotalMb: number; heapUsedMb: number; externalMb: number }>
    >;
    commands?: WindowUsage;
    statusQueries?: WindowUsage;
    visibility?: WindowUsage;
  };
  profiles: InProcessProfile[];
}
