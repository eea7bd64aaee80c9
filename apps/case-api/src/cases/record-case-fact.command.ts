import { Command } from '@nestjs/cqrs';
import type { Actor, CaseCommand } from '#libs/domain';
import type { RequestContext } from '../http/request-context.decorator.js';

export interface CaseFactRecorded {
  caseId: string;
  version: number;
  replayed: boolean;
}

/** Any investigator command on a case: the domain decides, the event store appends. */
export class RecordCaseFactCommand extends Command<CaseFactRecorded> {
  constructor(
    readonly caseId: string,
    readonly command: CaseCommand,
    readonly actor: Actor,
    readonly request: RequestContext,
  ) {
    super();
  }
}
