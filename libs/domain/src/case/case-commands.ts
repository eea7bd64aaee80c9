import type { Actor } from '../shared/actor.js';
import type { ReportReceivedPayload } from './case-events.js';

/** Passed into decide: the clock is read by the shell, never by the core. */
export interface CommandMetadata {
  readonly now: Date;
  readonly actor: Actor;
}

export interface ReceiveReport {
  type: 'ReceiveReport';
  data: ReportReceivedPayload;
  metadata: CommandMetadata;
}

export type CaseCommand = ReceiveReport;
