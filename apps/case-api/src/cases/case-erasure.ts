import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { IllegalTransitionError } from '#libs/domain';
import { DataKeyStore } from '#libs/privacy';
import type { RequestContext } from '../http/request-context.decorator.js';
import { CaseCommandRunner } from './case-command-runner.js';
import { EraseCaseDataDto, type ErasureRecordDto } from './dto/erase-case-data.dto.js';

/**
 * The one erasure path (the admin route and retention): destroys the case's data key first, so nothing can decrypt
 * its personal fields from then on, then records PersonalDataErased through the decider. Repeating it, or retrying
 * after a failure between the two steps, answers the first erasure's record and appends nothing more.
 */
@Injectable()
export class CaseErasure {
  constructor(
    @Inject(CaseCommandRunner) private readonly commands: CaseCommandRunner,
    @Inject(DataKeyStore) private readonly keys: DataKeyStore,
  ) {}

  async erase(
    caseId: string,
    reason: string,
    request: RequestContext,
    reply?: FastifyReply,
  ): Promise<ErasureRecordDto> {
    const loaded = await this.commands.load(caseId);
    if (loaded.state.status === 'absent') {
      throw new IllegalTransitionError('case-not-found', `Case ${caseId} does not exist`);
    }
    const tombstone = await this.keys.destroy({
      _id: caseId,
      erasedAt: new Date().toISOString(),
      erasedBy: request.actor.name,
      reason,
    });
    const record = { caseId, erasedAt: tombstone.erasedAt, erasedBy: tombstone.erasedBy, reason: tombstone.reason };
    if (loaded.state.erasedAt !== null) {
      reply?.header('Idempotent-Replayed', 'true');
      return { ...record, version: loaded.version };
    }
    try {
      const { version } = await this.commands.run(
        EraseCaseDataDto.toCommand(tombstone.reason, caseId),
        // The first erasure's actor and time, when this one completes it.
        { ...request, actor: { ...request.actor, name: tombstone.erasedBy } },
        { reply, now: new Date(tombstone.erasedAt) },
      );
      return { ...record, version };
    } catch (error) {
      // A concurrent erasure recorded it first.
      if (!(error instanceof IllegalTransitionError) || error.rule !== 'personal-data-erased') throw error;
      reply?.header('Idempotent-Replayed', 'true');
      return { ...record, version: (await this.commands.load(caseId)).version };
    }
  }
}
