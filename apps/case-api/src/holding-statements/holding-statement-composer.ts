import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import {
  composeHoldingStatement,
  type DraftHoldingStatement,
  holdingStatementFactsFromEvents,
  IllegalTransitionError,
  regulatorName,
  type VersionedCaseEvent,
} from '#libs/domain';
import { EventStore } from '#libs/event-store';
import { RegulatorRegistry } from '#libs/regulators';
import type { DraftHoldingStatementDto } from './holding-statement.dtos.js';
import { StatementSettings } from './statement-settings.js';

/** Composes a draft from the case's own event stream (never a lagging read model) and the organisation profile. */
@Injectable()
export class HoldingStatementComposer {
  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(RegulatorRegistry) private readonly registry: RegulatorRegistry,
    @Inject(StatementSettings) private readonly settings: StatementSettings,
  ) {}

  /** The command drafting the statement composed at `now`; the decider gives it its id and dates it. */
  async draftCommand(
    caseId: string,
    dto: DraftHoldingStatementDto,
    now: Date,
  ): Promise<Omit<DraftHoldingStatement, 'metadata'>> {
    const events = (await this.store.readStream(caseId)) as unknown as VersionedCaseEvent[];
    if (events.length === 0) throw new NotFoundException(`Case ${caseId} not found`);
    // Its facts read as placeholders now, and the decider would refuse the draft anyway: the same 409, before composing.
    const erasure = events.find((event) => event.type === 'PersonalDataErased');
    if (erasure) {
      throw new IllegalTransitionError(
        'personal-data-erased',
        `Case ${caseId}'s personal data was erased at ${erasure.payload.erasedAt}; it accepts no further command`,
      );
    }
    const regulators = await this.registry.list();
    const names = new Map(regulators.map((regulator) => [regulator.id, regulatorName(regulator, dto.language)]));
    const facts = holdingStatementFactsFromEvents(events, (id) => names.get(id) ?? id);
    const statement = composeHoldingStatement(facts, await this.settings.profile(), {
      language: dto.language,
      now,
      includeSourceDetails: dto.includeSourceDetails,
      templates: this.settings.templates,
      ...(dto.nextUpdateAt !== undefined && { nextUpdateAt: new Date(dto.nextUpdateAt) }),
    });
    return {
      type: 'DraftHoldingStatement',
      data: {
        caseId,
        language: statement.language,
        stage: statement.stage,
        heading: statement.heading,
        points: statement.points,
        text: statement.text,
        factsVersion: statement.factsVersion,
        includeSourceDetails: dto.includeSourceDetails,
        ...(statement.nextUpdateDueAt && { nextUpdateDueAt: statement.nextUpdateDueAt }),
      },
    };
  }
}
