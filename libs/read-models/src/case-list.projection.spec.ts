import { describe, expect, it } from '@jest/globals';
import {
  CASE_LIST_INDEXES,
  caseListProjection,
  caseListSortKey,
  normalizeSearchText,
  searchPatternFor,
} from './case-list.projection.js';
import {
  documentsAfterEach,
  project,
  SEED_CASE_ID,
  seedCase,
  seedCaseWithFollowUps,
  seedAcknowledged,
  seedAssigned,
  seedCaseWithStatements,
  seedReport,
} from './testing/case-stream.fixture.js';

const { title } = seedReport.payload;

describe('case_list projection', () => {
  it('given a report, lists the case with what filters and sorting need', () => {
    const [listed] = documentsAfterEach(caseListProjection, seedCase());

    expect(listed).toStrictEqual({
      _id: SEED_CASE_ID,
      caseId: SEED_CASE_ID,
      title,
      searchText: title.toLowerCase(),
      stage: 'reported',
      milestone: 'reported',
      jurisdictions: ['ID'],
      channel: 'social-media',
      openedAt: seedReport.at,
      updatedAt: seedReport.at,
      version: 1,
      sortKey: `${seedReport.at}|${SEED_CASE_ID}`,
    });
  });

  it('given the seed case, follows stage, verdict and last update', () => {
    const listed = project(caseListProjection, seedCase());

    expect(listed).toMatchObject({
      stage: 'regulator-notified',
      latestVerdict: 'confirmed',
      updatedAt: seedAcknowledged.at,
      sortKey: `${seedAcknowledged.at}|${SEED_CASE_ID}`,
      openedAt: seedReport.at,
      version: 5,
    });
    expect(listed).not.toHaveProperty('assignee');
  });

  it('given the follow-ups, shows the assignee, closed while closed and the milestone once reopened', () => {
    const documents = documentsAfterEach(caseListProjection, seedCaseWithFollowUps());
    const [whenClosed, whenReopened] = documents.slice(-2);

    expect(whenClosed).toMatchObject({
      stage: 'closed',
      milestone: 'regulator-notified',
      assignee: seedAssigned.payload.investigator,
    });
    expect(whenReopened).toMatchObject({ stage: 'regulator-notified', version: 11 });
  });

  it('given holding statements, moves only the last update (and with it the sort key) and the version', () => {
    const events = seedCaseWithStatements();
    const documents = documentsAfterEach(caseListProjection, events);

    events.forEach((event, index) => {
      if (!event.type.startsWith('HoldingStatement')) return;
      expect(documents[index]).toStrictEqual({
        ...documents[index - 1],
        updatedAt: event.occurredAt,
        sortKey: caseListSortKey(event.occurredAt, SEED_CASE_ID),
        version: event.version,
      });
    });
  });

  it('sort keys order cases by last update, then by case id', () => {
    const keys = [
      caseListSortKey('2021-05-21T03:00:00.000Z', 'b'),
      caseListSortKey('2021-05-20T06:10:00.000Z', 'z'),
      caseListSortKey('2021-05-21T03:00:00.000Z', 'a'),
      caseListSortKey('2019-08-01T00:00:00.000Z', 'concern'),
    ];

    expect([...keys].sort()).toEqual([
      '2019-08-01T00:00:00.000Z|concern',
      '2021-05-20T06:10:00.000Z|z',
      '2021-05-21T03:00:00.000Z|a',
      '2021-05-21T03:00:00.000Z|b',
    ]);
  });

  describe('title search', () => {
    it('ignores case, accents and runs of whitespace', () => {
      expect(normalizeSearchText('  Kebocoran   Data BPJS Késehatan\t')).toBe('kebocoran data bpjs kesehatan');
    });

    it('matches q literally, regex characters included', () => {
      const stored = normalizeSearchText('Claim: 279M records (est.) for sale');

      expect(new RegExp(searchPatternFor('279M RECORDS (est.)')).test(stored)).toBe(true);
      expect(new RegExp(searchPatternFor('279m.records')).test(stored)).toBe(false);
    });
  });

  it('indexes every equality filter of the list with the sort, then the openedAt range, under distinct names', () => {
    const names = CASE_LIST_INDEXES.map((index) => index.options.name);
    const keys = CASE_LIST_INDEXES.map((index) => Object.entries(index.key));

    expect(new Set(names).size).toBe(names.length);
    // No equality filter (openedAt alone, q, overdue, or none): the sort order itself, newest first.
    expect(keys).toContainEqual([
      ['sortKey', -1],
      ['openedAt', 1],
    ]);
    for (const field of ['stage', 'jurisdictions', 'channel']) {
      expect(keys).toContainEqual([
        [field, 1],
        ['sortKey', -1],
        ['openedAt', 1],
      ]);
    }
    expect(keys).toContainEqual([['openedAt', -1]]);
  });

  it('refuses an event before ReportReceived', () => {
    const [, sample] = seedCase();

    expect(() => caseListProjection.evolve(null, sample!)).toThrow(/before ReportReceived/);
  });
});
