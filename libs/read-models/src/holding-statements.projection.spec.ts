import { describe, expect, it } from '@jest/globals';
import { evolveAll } from '#libs/domain';
import {
  type HoldingStatementEntry,
  type HoldingStatementsDocument,
  holdingStatementsProjection,
  isStatementStale,
} from './holding-statements.projection.js';
import {
  documentsAfterEach,
  type EventStep,
  project,
  SEED_CASE_FOLLOW_UPS,
  SEED_CASE_ID,
  SEED_CASE_STEPS,
  seedCaseWithStatements,
  seedReport,
  seedSampleConfirmed,
  seedSourceTraced,
  statementApproved,
  statementDrafted,
  statementPublished,
  statementWithdrawn,
  storageProblems,
  storedEvent,
  storedStream,
} from './testing/case-stream.fixture.js';

const caseId = SEED_CASE_ID;

/** Given the stored events of these steps (versions 1..n), when the next one is applied (version n+1). */
function given(steps: readonly EventStep[]) {
  const history = storedStream(caseId, steps);
  const current = history.length === 0 ? null : project(holdingStatementsProjection, history);
  return {
    when: (step: EventStep) => {
      const run = () => holdingStatementsProjection.evolve(current, storedEvent(step, caseId, history.length + 1));
      return {
        then: (check: (doc: HoldingStatementsDocument) => void) => check(run()),
        thenRefused: (message: RegExp) => expect(run).toThrow(message),
      };
    },
  };
}

const statementOf = (doc: HoldingStatementsDocument, statementId: string): HoldingStatementEntry => {
  const statement = doc.statements.find((s) => s.statementId === statementId);
  if (!statement) throw new Error(`no statement ${statementId}`);
  return statement;
};

const draftOnSample = (statementId: string, language: 'id' | 'en' = 'id', at = '2021-05-20T10:20:00.000Z') =>
  statementDrafted(at, {
    statementId,
    language,
    stage: 'sample-confirmed',
    heading: language === 'id' ? 'Pernyataan Sementara' : 'Holding statement',
    points: ['First point.', 'Second point.'],
    text: language === 'id' ? 'Pernyataan Sementara\n1. First point.\n2. Second point.' : 'Holding statement\n1. …',
    factsVersion: 2,
    composedAt: at,
  });
const onSample = [seedReport, seedSampleConfirmed];
const published = (statementId: string, at: string) => [
  statementApproved(at, statementId),
  statementPublished(at, statementId),
];

describe('holding_statements projection', () => {
  describe('facts', () => {
    it('given nothing, when a report is received, opens the document with no statements', () => {
      given([])
        .when(seedReport)
        .then((doc) =>
          expect(doc).toStrictEqual({
            _id: caseId,
            caseId,
            factsVersion: 1,
            lastFactType: 'ReportReceived',
            statements: [],
            updatedAt: seedReport.at,
            version: 1,
          }),
        );
    });

    it.each([...SEED_CASE_STEPS.slice(1), ...SEED_CASE_FOLLOW_UPS].map((step) => [step.type, step] as const))(
      'given a report, when %s arrives, it is the new last fact',
      (type, step) => {
        given([seedReport])
          .when(step)
          .then((doc) =>
            expect(doc).toMatchObject({ factsVersion: 2, lastFactType: type, updatedAt: step.at, version: 2 }),
          );
      },
    );

    it('given a published statement, a fact leaves the statement alone and makes it stale', () => {
      given([...onSample, draftOnSample('s-1'), ...published('s-1', '2021-05-20T10:40:00.000Z')])
        .when(seedSourceTraced)
        .then((doc) => {
          expect(doc).toMatchObject({ factsVersion: 6, lastFactType: 'SourceTraced', version: 6 });
          expect(statementOf(doc, 's-1')).toMatchObject({ status: 'published', factsVersion: 2 });
          expect(isStatementStale(statementOf(doc, 's-1'), doc)).toBe(true);
        });
    });
  });

  describe('statements', () => {
    it('given a verified sample, when a statement is drafted, adds it as a draft without moving the facts', () => {
      const draft = statementDrafted('2021-05-20T10:20:00.000Z', {
        statementId: 's-1',
        language: 'id',
        stage: 'sample-confirmed',
        heading: 'Pernyataan Sementara',
        points: ['Point one.'],
        text: 'Pernyataan Sementara\n1. Point one.',
        factsVersion: 2,
        composedAt: '2021-05-20T10:19:00.000Z',
        nextUpdateDueAt: '2021-05-21T10:19:00.000Z',
      });
      given(onSample)
        .when(draft)
        .then((doc) =>
          expect(doc).toStrictEqual({
            _id: caseId,
            caseId,
            factsVersion: 2,
            lastFactType: 'SampleVerified',
            statements: [
              {
                statementId: 's-1',
                language: 'id',
                stage: 'sample-confirmed',
                heading: 'Pernyataan Sementara',
                points: ['Point one.'],
                text: 'Pernyataan Sementara\n1. Point one.',
                factsVersion: 2,
                composedAt: '2021-05-20T10:19:00.000Z',
                includeSourceDetails: false,
                nextUpdateDueAt: '2021-05-21T10:19:00.000Z',
                draftedBy: 'rina',
                status: 'draft',
              },
            ],
            updatedAt: '2021-05-20T10:20:00.000Z',
            version: 3,
          }),
        );
    });

    it('omits an absent nextUpdateDueAt rather than storing undefined', () => {
      given(onSample)
        .when(draftOnSample('s-1'))
        .then((doc) => {
          expect(Object.keys(statementOf(doc, 's-1'))).not.toContain('nextUpdateDueAt');
          expect(storageProblems(doc)).toEqual([]);
        });
    });

    it('given a draft, when it is approved, records who approved it and when', () => {
      given([...onSample, draftOnSample('s-1')])
        .when(statementApproved('2021-05-20T10:40:00.000Z', 's-1'))
        .then((doc) => {
          expect(statementOf(doc, 's-1')).toMatchObject({
            status: 'approved',
            draftedBy: 'rina',
            approvedBy: 'dewi',
            approvedAt: '2021-05-20T10:40:00.000Z',
          });
          expect(doc).toMatchObject({ factsVersion: 2, version: 4, updatedAt: '2021-05-20T10:40:00.000Z' });
        });
    });

    it('given an approved statement, when it is published, records when', () => {
      given([...onSample, draftOnSample('s-1'), statementApproved('2021-05-20T10:40:00.000Z', 's-1')])
        .when(statementPublished('2021-05-20T10:45:00.000Z', 's-1'))
        .then((doc) =>
          expect(statementOf(doc, 's-1')).toMatchObject({
            status: 'published',
            approvedBy: 'dewi',
            publishedAt: '2021-05-20T10:45:00.000Z',
          }),
        );
    });

    it('given a published statement, when it is withdrawn, records when and why, keeping when it was published', () => {
      given([...onSample, draftOnSample('s-1'), ...published('s-1', '2021-05-20T10:45:00.000Z')])
        .when(statementWithdrawn('2021-05-20T11:00:00.000Z', 's-1', 'Wrong figure'))
        .then((doc) =>
          expect(statementOf(doc, 's-1')).toMatchObject({
            status: 'withdrawn',
            publishedAt: '2021-05-20T10:45:00.000Z',
            withdrawnAt: '2021-05-20T11:00:00.000Z',
            withdrawalReason: 'Wrong figure',
          }),
        );
    });

    it('when a second statement in a language is published, supersedes the first; the other language is untouched', () => {
      given([
        ...onSample,
        draftOnSample('s-id-1', 'id'),
        ...published('s-id-1', '2021-05-20T10:45:00.000Z'),
        draftOnSample('s-en-1', 'en', '2021-05-20T10:50:00.000Z'),
        ...published('s-en-1', '2021-05-20T10:55:00.000Z'),
        draftOnSample('s-id-2', 'id', '2021-05-20T11:00:00.000Z'),
        statementApproved('2021-05-20T11:05:00.000Z', 's-id-2'),
      ])
        .when(statementPublished('2021-05-20T11:10:00.000Z', 's-id-2'))
        .then((doc) =>
          expect(
            doc.statements.map(({ statementId, status, publishedAt }) => ({ statementId, status, publishedAt })),
          ).toEqual([
            { statementId: 's-id-1', status: 'superseded', publishedAt: '2021-05-20T10:45:00.000Z' },
            { statementId: 's-en-1', status: 'published', publishedAt: '2021-05-20T10:55:00.000Z' },
            { statementId: 's-id-2', status: 'published', publishedAt: '2021-05-20T11:10:00.000Z' },
          ]),
        );
    });

    it('statement events never make other statements stale', () => {
      given([
        ...onSample,
        draftOnSample('s-1'),
        draftOnSample('s-2', 'en'),
        ...published('s-2', '2021-05-20T10:45:00.000Z'),
      ])
        .when(statementWithdrawn('2021-05-20T11:00:00.000Z', 's-2', 'Replaced'))
        .then((doc) => {
          expect(doc).toMatchObject({ factsVersion: 2, lastFactType: 'SampleVerified', version: 7 });
          expect(doc.statements.map((s) => isStatementStale(s, doc))).toEqual([false, false]);
        });
    });
  });

  describe('given the seed case with its holding statements', () => {
    const events = seedCaseWithStatements();
    const doc = project(holdingStatementsProjection, events);

    it('holds every statement with its history, the facts version and what changed the facts last', () => {
      expect(doc).toMatchObject({
        _id: caseId,
        caseId,
        factsVersion: 11,
        lastFactType: 'RegulatorNotified',
        updatedAt: '2021-05-20T14:10:00.000Z',
        version: 12,
      });
      expect(doc.statements).toStrictEqual([
        {
          statementId: 'hs-id-1',
          language: 'id',
          stage: 'sample-confirmed',
          heading: 'Pernyataan Sementara BPJS Kesehatan',
          points: [
            'Kami mengetahui informasi yang beredar tentang dugaan penjualan data 279 juta peserta.',
            'Pemeriksaan sampel mengonfirmasi 100.002 data cocok dengan data kami.',
          ],
          text: 'Pernyataan Sementara BPJS Kesehatan\n1. Kami mengetahui informasi yang beredar tentang dugaan penjualan data 279 juta peserta.\n2. Pemeriksaan sampel mengonfirmasi 100.002 data cocok dengan data kami.',
          factsVersion: 2,
          composedAt: '2021-05-20T10:20:00.000Z',
          includeSourceDetails: false,
          nextUpdateDueAt: '2021-05-21T10:20:00.000Z',
          draftedBy: 'rina',
          status: 'superseded',
          approvedBy: 'dewi',
          approvedAt: '2021-05-20T10:40:00.000Z',
          publishedAt: '2021-05-20T10:45:00.000Z',
        },
        {
          statementId: 'hs-id-2',
          language: 'id',
          stage: 'source-traced',
          heading: 'Pernyataan Sementara BPJS Kesehatan',
          points: ['Tim khusus telah menelusuri sumber kebocoran.'],
          text: 'Pernyataan Sementara BPJS Kesehatan\n1. Tim khusus telah menelusuri sumber kebocoran.',
          factsVersion: 6,
          composedAt: '2021-05-20T12:30:00.000Z',
          includeSourceDetails: false,
          draftedBy: 'rina',
          status: 'published',
          approvedBy: 'dewi',
          approvedAt: '2021-05-20T12:50:00.000Z',
          publishedAt: '2021-05-20T13:00:00.000Z',
        },
        {
          statementId: 'hs-en-1',
          language: 'en',
          stage: 'source-traced',
          heading: 'BPJS Kesehatan holding statement',
          points: ['A special team has traced the source of the leak.'],
          text: 'BPJS Kesehatan holding statement\n1. A special team has traced the source of the leak.',
          factsVersion: 6,
          composedAt: '2021-05-20T12:35:00.000Z',
          includeSourceDetails: false,
          nextUpdateDueAt: '2021-05-21T12:35:00.000Z',
          draftedBy: 'rina',
          status: 'withdrawn',
          withdrawnAt: '2021-05-20T14:10:00.000Z',
          withdrawalReason: 'The regulator was notified before approval',
        },
      ]);
    });

    it('says which statements are stale: those built on facts older than the case has', () => {
      const staleAfterEach = documentsAfterEach(holdingStatementsProjection, events).map((d) =>
        d.statements.filter((s) => isStatementStale(s, d)).map((s) => s.statementId),
      );
      expect(staleAfterEach).toEqual([
        [],
        [],
        [],
        [],
        [],
        ['hs-id-1'],
        ['hs-id-1'],
        ['hs-id-1'],
        ['hs-id-1'],
        ['hs-id-1'],
        ['hs-id-1', 'hs-id-2', 'hs-en-1'],
        ['hs-id-1', 'hs-id-2', 'hs-en-1'],
      ]);
    });

    it("agrees with the domain's state of the statements", () => {
      const state = evolveAll(events);
      if (state.status === 'absent') throw new Error('the seed case exists');

      expect(
        doc.statements.map(({ statementId, language, draftedBy, factsVersion, status }) => ({
          statementId,
          language,
          draftedBy,
          factsVersion,
          status,
        })),
      ).toEqual(state.statements);
      expect({ factsVersion: doc.factsVersion, lastFactType: doc.lastFactType }).toEqual({
        factsVersion: state.factsVersion,
        lastFactType: state.lastFactType,
      });
    });

    it('stores every document as is', () => {
      for (const each of documentsAfterEach(holdingStatementsProjection, events)) {
        expect(storageProblems(each)).toEqual([]);
        expect(JSON.parse(JSON.stringify(each))).toStrictEqual(each);
      }
    });
  });

  describe('refusals (a corrupt or out-of-order stream)', () => {
    it('refuses an event before ReportReceived', () => {
      given([])
        .when(seedSampleConfirmed)
        .thenRefused(/before ReportReceived/);
    });

    it('refuses a second ReportReceived', () => {
      given([seedReport])
        .when(seedReport)
        .thenRefused(/a second ReportReceived/);
    });

    it('refuses a statement id drafted twice', () => {
      given([...onSample, draftOnSample('s-1')])
        .when(draftOnSample('s-1'))
        .thenRefused(/already has statement s-1/);
    });

    it.each([
      statementApproved('2021-05-20T10:40:00.000Z', 's-9'),
      statementPublished('2021-05-20T10:40:00.000Z', 's-9'),
      statementWithdrawn('2021-05-20T10:40:00.000Z', 's-9', 'x'),
    ])('refuses $type of an unknown statement', (step) => {
      given([...onSample, draftOnSample('s-1')])
        .when(step)
        .thenRefused(/has no statement s-9/);
    });
  });

  it('isStatementStale compares facts versions only', () => {
    expect(isStatementStale({ factsVersion: 3 }, { factsVersion: 3 })).toBe(false);
    expect(isStatementStale({ factsVersion: 2 }, { factsVersion: 3 })).toBe(true);
  });
});
