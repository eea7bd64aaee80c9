import type { CaseCommand } from '../case/case-commands.js';
import { decide, evolve } from '../case/case-decider.js';
import type { CaseEvent } from '../case/case-events.js';
import { type CaseState, initialCaseState } from '../case/case-state.js';
import { composeHoldingStatement } from '../holding-statement/compose.js';
import { holdingStatementFactsFromEvents, type VersionedCaseEvent } from '../holding-statement/facts-from-events.js';
import { DEFAULT_REGULATORS } from '../regulators/default-regulators.js';
import type { RegulatorDefinition } from '../regulators/regulator-definition.js';
import { regulatorName } from '../regulators/regulator-name.js';
import type { Actor } from '../shared/actor.js';
import { SEED_ACTORS, SEED_AFTERWARDS, SEED_ORGANISATION, SEED_STORY, type SeedStep } from './seed-case.js';

/** An event the decider decided for a seed step, at its place in its case's stream. */
export type SeedEvent = VersionedCaseEvent & { caseId: string; at: string; actor: Actor; step: string };

/** The command the API would build for a step, given the events of its case so far (a draft is composed from them). */
export function seedCommand(
  step: SeedStep,
  events: readonly VersionedCaseEvent[],
  regulators: readonly RegulatorDefinition[] = DEFAULT_REGULATORS,
): CaseCommand {
  const generated = step.generates ?? {};
  const id = generated.notificationId ?? generated.supplementId ?? generated.statementId ?? '';
  const metadata = { now: new Date(step.at), actor: SEED_ACTORS[step.by], id };
  const ids = { caseId: step.caseId, ...step.about };
  const command = (data: object) => ({ type: step.command, data, metadata, regulators }) as CaseCommand;
  if (step.command !== 'DraftHoldingStatement') return command({ ...ids, ...step.body });
  const { language, includeSourceDetails } = step.body;
  const facts = holdingStatementFactsFromEvents(events, (regulatorId) => {
    const regulator = regulators.find((candidate) => candidate.id === regulatorId);
    return regulator ? regulatorName(regulator, language) : regulatorId;
  });
  const { nextUpdateDueAt, ...statement } = composeHoldingStatement(facts, SEED_ORGANISATION, {
    language,
    now: metadata.now,
    includeSourceDetails,
  });
  return command({
    ...ids,
    language: statement.language,
    stage: statement.stage,
    heading: statement.heading,
    points: statement.points,
    text: statement.text,
    factsVersion: statement.factsVersion,
    includeSourceDetails,
    ...(nextUpdateDueAt && { nextUpdateDueAt }),
  });
}

/**
 * Runs steps through the real decider, one stream per case, as the command handler would: what every fixture and
 * example is built from, so that none can disagree with the domain. Throws what the decider refuses.
 */
export function runSeedCase(
  steps: readonly SeedStep[] = [...SEED_STORY, ...SEED_AFTERWARDS],
  regulators: readonly RegulatorDefinition[] = DEFAULT_REGULATORS,
): SeedEvent[] {
  const states = new Map<string, CaseState>();
  const decided: SeedEvent[] = [];
  for (const step of steps) {
    const events = decided.filter((event) => event.caseId === step.caseId);
    let state = states.get(step.caseId) ?? initialCaseState();
    for (const event of decide(seedCommand(step, events, regulators), state)) {
      state = evolve(state, event);
      const stored = seedEvent(event, step, events.length + 1);
      events.push(stored);
      decided.push(stored);
    }
    states.set(step.caseId, state);
  }
  return decided;
}

function seedEvent(event: CaseEvent, step: SeedStep, version: number): SeedEvent {
  return { ...event, version, caseId: step.caseId, at: step.at, actor: SEED_ACTORS[step.by], step: step.name };
}
