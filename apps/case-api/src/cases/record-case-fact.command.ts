import { Command } from '@nestjs/cqrs';
import type { CaseCommand } from '#libs/domain';
import type { StoredEvent } from '#libs/event-store';
import type { RequestContext } from '../http/request-context.decorator.js';

export interface CaseFactRecorded {
  caseId: string;
  version: number;
  replayed: boolean;
  /** The events of the commit: on a replay, the original ones (with their generated ids). */
  events: StoredEvent[];
}

/** Any investigator command on a case: the domain decides, the event store appends. */
export class RecordCaseFactCommand extends Command<CaseFactRecorded> {
  constructor(
    readonly caseId: string,
    readonly command: CaseCommand,
    readonly request: RequestContext,
  ) {
    super();
  }
}
