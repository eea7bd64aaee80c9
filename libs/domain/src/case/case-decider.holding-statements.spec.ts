import { describe, expect, it } from '@jest/globals';
import { decide, evolveAll } from './case-decider.js';
import { SourceTraced } from './case-events.js';
import {
  caseId,
  valid,
  command,
  received,
  verified,
  closed,
  reopened,
  given,
  rina,
  budi,
  by,
  draft,
  approve,
  publish,
  withdraw,
  drafted,
  approved,
  published,
  withdrawn,
  statementsAfter,
} from './case-decider.fixtures.js';

// The case decider, given/when/then: holding statements.

describe('case decider: holding statements, the workflow', () => {
  it('drafts a statement composed from the current facts, naming the drafter and dated by the clock', () => {
    given([received])
      .when(draft())
      .thenEvents([
        {
          type: 'HoldingStatementDrafted',
          schemaVersion: 1,
          payload: {
            caseId,
            statementId: 'statement-1',
            language: 'id',
            stage: 'claim',
            heading: 'Pernyataan Sementara',
            points: ['Menanggapi informasi yang beredar …'],
            text: '1. Menanggapi informasi yang beredar …',
            factsVersion: 1,
            composedAt: '2021-05-22T12:00:00.000Z',
            includeSourceDetails: false,
            draftedBy: 'rina',
          },
        },
      ]);
  });

  it('keeps a promised next update, and omits an absent one rather than storing undefined', () => {
    given([received])
      .when(draft({ nextUpdateDueAt: '2021-05-23T12:00:00.000Z' }))
      .thenEvents([drafted({ nextUpdateDueAt: '2021-05-23T12:00:00.000Z' })]);
    const [event] = decide(draft({ nextUpdateDueAt: undefined }), evolveAll([received]));
    expect(Object.keys(event!.payload)).not.toContain('nextUpdateDueAt');
  });

  it('approves a draft by another user than the drafter', () => {
    given([received, drafted()]).when(approve()).thenEvents([approved()]);
  });

  it('publishes an approved statement', () => {
    given([received, drafted(), approved()]).when(publish()).thenEvents([published()]);
  });

  it('withdraws a published statement, with the reason', () => {
    given([received, drafted(), approved(), published()]).when(withdraw()).thenEvents([withdrawn()]);
  });

  it('withdraws a draft that was never published', () => {
    given([received, drafted()]).when(withdraw()).thenEvents([withdrawn()]);
  });

  it('moves the statement through draft → approved → published → withdrawn in the state', () => {
    const steps = [received, drafted(), approved(), published(), withdrawn()];
    const statuses = [2, 3, 4, 5].map((n) => statementsAfter(steps.slice(0, n))[0]!.status);
    expect(statuses).toEqual(['draft', 'approved', 'published', 'withdrawn']);
  });
});

describe('case decider: holding statements, one published statement per language', () => {
  const indonesianPublished = [received, drafted(), approved(), published()];
  const englishPublished = [
    drafted({ statementId: 'statement-en', language: 'en' }),
    approved('statement-en'),
    published('statement-en'),
  ];
  const secondIndonesianApproved = [drafted({ statementId: 'statement-2' }), approved('statement-2')];

  it('publishing a second statement in a language supersedes the first; the other language is untouched', () => {
    const history = [...indonesianPublished, ...englishPublished, ...secondIndonesianApproved];
    given(history)
      .when(publish('statement-2'))
      .thenEvents([published('statement-2')]);

    expect(statementsAfter([...history, published('statement-2')])).toEqual([
      { statementId: 'statement-1', language: 'id', status: 'superseded' },
      { statementId: 'statement-en', language: 'en', status: 'published' },
      { statementId: 'statement-2', language: 'id', status: 'published' },
    ]);
  });

  it('publishing the first statement of a language supersedes nothing', () => {
    expect(statementsAfter([...indonesianPublished, ...englishPublished])).toEqual([
      { statementId: 'statement-1', language: 'id', status: 'published' },
      { statementId: 'statement-en', language: 'en', status: 'published' },
    ]);
  });

  it('a superseded statement is not published again, but can still be withdrawn', () => {
    const history = [...indonesianPublished, ...secondIndonesianApproved, published('statement-2')];
    given(history).when(publish('statement-1')).thenIllegal('statement-not-approved');
    given(history)
      .when(withdraw('statement-1'))
      .thenEvents([withdrawn('statement-1')]);
  });
});

describe('case decider: holding statements, four-eyes', () => {
  it('refuses approval by the drafter as a forbidden action', () => {
    given([received, drafted()]).when(approve('statement-1', rina)).thenForbidden('four-eyes');
  });

  it('goes by the name of the drafter, whatever role they act in', () => {
    given([received, drafted()])
      .when(approve('statement-1', { name: 'rina', role: 'admin' }))
      .thenForbidden('four-eyes');
  });

  it('lets the drafter publish once someone else approved', () => {
    given([received, drafted(), approved()])
      .when(by(rina, command('PublishHoldingStatement')))
      .thenEvents([published()]);
  });
});

describe('case decider: holding statements and the facts', () => {
  it('refuses a draft composed from older facts than the case has, as statement-facts-outdated', () => {
    const error = given([received, verified()])
      .when(draft({ factsVersion: 1 }))
      .thenIllegal('statement-facts-outdated');
    expect(error.message).toContain('SampleVerified');
  });

  it('accepts a draft composed from the facts of the case as they are now', () => {
    given([received, verified()])
      .when(draft({ factsVersion: 2 }))
      .thenEvents([drafted({ factsVersion: 2 })]);
  });

  it('refuses to approve a draft once a fact arrived after it, naming the fact and its version', () => {
    const error = given([received, drafted(), verified()]).when(approve()).thenIllegal('statement-facts-changed');
    expect(error.message).toContain('SampleVerified at version 3');
  });

  it('refuses to publish an approved statement once a fact arrived after it, naming the fact and its version', () => {
    const error = given([received, drafted(), approved(), SourceTraced.create(valid.TraceSource)])
      .when(publish())
      .thenIllegal('statement-facts-changed');
    expect(error.message).toContain('SourceTraced at version 4');
  });

  it('treats closing and reopening as facts, and keeps the statements across them', () => {
    const error = given([received, drafted(), closed(), reopened])
      .when(approve())
      .thenIllegal('statement-facts-changed');
    expect(error.message).toContain('CaseReopened at version 4');
  });

  it('does not let statement events make other drafts stale', () => {
    const statementEvents = [
      drafted(),
      drafted({ statementId: 'statement-2', language: 'en' }),
      approved('statement-2'),
      published('statement-2'),
      withdrawn('statement-2'),
    ];
    given([received, ...statementEvents])
      .when(approve())
      .thenEvents([approved()]);
    given([received, ...statementEvents])
      .when(draft({ factsVersion: 1 }, 'statement-3'))
      .thenEvents([drafted({ statementId: 'statement-3', factsVersion: 1 })]);
    expect(evolveAll([received, ...statementEvents])).toMatchObject({
      version: 6,
      factsVersion: 1,
      lastFactType: 'ReportReceived',
    });
  });
});

describe('case decider: holding statements, refusals', () => {
  it('refuses a statement id already used', () => {
    given([received, drafted()]).when(draft()).thenIllegal('statement-id-taken');
  });

  it.each(['ApproveHoldingStatement', 'PublishHoldingStatement', 'WithdrawHoldingStatement'] as const)(
    '%s of an unknown statement is refused',
    (type) => {
      given([received, drafted()])
        .when(by(budi, command(type, { statementId: 'statement-9' })))
        .thenIllegal('unknown-statement');
    },
  );

  it.each([
    ['approved', [approved()]],
    ['published', [approved(), published()]],
    ['withdrawn', [withdrawn()]],
  ])('refuses to approve a statement that is %s, not a draft', (_status, after) => {
    given([received, drafted(), ...after])
      .when(approve())
      .thenIllegal('statement-not-draft');
  });

  it.each([
    ['a draft', []],
    ['published', [approved(), published()]],
    ['withdrawn after approval', [approved(), withdrawn()]],
  ])('refuses to publish a statement that is %s, not approved', (_status, after) => {
    given([received, drafted(), ...after])
      .when(publish())
      .thenIllegal('statement-not-approved');
  });

  it('refuses to withdraw a statement twice', () => {
    given([received, drafted(), approved(), published(), withdrawn()])
      .when(withdraw())
      .thenIllegal('statement-withdrawn');
  });

  it('refuses a blank point', () => {
    given([received])
      .when(draft({ points: ['Menanggapi informasi yang beredar …', ' '] }))
      .thenInvalid('points[1]', 'required');
  });
});

describe('case decider: holding statements on a closed case (a closing statement)', () => {
  const closedCase = [received, closed()];
  const closing = { factsVersion: 2 };

  it('drafts, approves, publishes and withdraws a statement while the case stays closed', () => {
    given(closedCase)
      .when(draft(closing))
      .thenEvents([drafted(closing)]);
    given([...closedCase, drafted(closing)])
      .when(approve())
      .thenEvents([approved()]);
    given([...closedCase, drafted(closing), approved()])
      .when(publish())
      .thenEvents([published()]);
    given([...closedCase, drafted(closing), approved(), published()])
      .when(withdraw())
      .thenEvents([withdrawn()]);
    expect(evolveAll([...closedCase, drafted(closing), approved(), published()])).toMatchObject({ status: 'closed' });
  });

  it('still refuses other commands after a closing statement', () => {
    given([...closedCase, drafted(closing)])
      .when(command('AssignInvestigator'))
      .thenIllegal('case-closed');
  });
});
