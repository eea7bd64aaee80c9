import { Command, type CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
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

/** Dispatches a case command and answers with the new version as ETag (and whether it was an idempotent replay). */
export async function recordCaseFact(
  commandBus: CommandBus,
  command: RecordCaseFactCommand,
  reply: FastifyReply,
): Promise<CaseFactRecorded> {
  const result = await commandBus.execute(command);
  reply.header('ETag', `"${result.version}"`);
  if (result.replayed) reply.header('Idempotent-Replayed', 'true');
  return result;
}
