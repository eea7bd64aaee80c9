import { describe, expect, it } from '@jest/globals';
import type { CaseCommandType } from './case-commands.js';
import { evolveAll } from './case-decider.js';
import { PersonalDataErased } from './case-events.js';
import { budi, caseId, closed, command, given, metadata, received, valid } from './case-decider.fixtures.js';

// The case decider, given/when/then: erasing a case's personal data (its data key is destroyed by the shell).

const erasedBy = (name: string) => ({
  ...command('EraseCaseData'),
  metadata: { ...metadata, actor: { ...budi, name } },
});
const erased = PersonalDataErased.create({
  caseId,
  erasedAt: metadata.now.toISOString(),
  erasedBy: 'budi',
  reason: valid.EraseCaseData.reason,
});

describe('case decider: EraseCaseData', () => {
  it('records who erased an open case, when (the clock) and why', () => {
    given([received]).when(erasedBy('budi')).thenEvents([erased]);
  });

  it('erases a closed case (retention erases closed cases)', () => {
    given([received, closed()]).when(erasedBy('budi')).thenEvents([erased]);
  });

  it('refuses a second erasure', () => {
    given([received, erased]).when(erasedBy('budi')).thenIllegal('personal-data-erased');
  });

  it('refuses to erase a case that does not exist', () => {
    given([]).when(erasedBy('budi')).thenIllegal('case-not-found');
  });

  it.each(Object.keys(valid).filter((t) => t !== 'ReceiveReport') as CaseCommandType[])(
    '%s on an erased case is refused as personal-data-erased',
    (type) => {
      given([received, erased]).when(command(type)).thenIllegal('personal-data-erased');
    },
  );

  it('the erased state keeps the time of the erasure', () => {
    expect(evolveAll([received, erased])).toMatchObject({ caseId, erasedAt: erased.payload.erasedAt });
  });
});
