// What the read-model suites (test/read-models*.e2e-spec.ts) share: the page shapes, the inputs and the requests.
import { expect } from '@jest/globals';
import { seedCase } from '../fixtures/seed-case.js';
import { api } from './http-client.js';
import { TEST_KEYS, type TestStack } from './test-stack.js';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
/** What the API answers for a case in the list (the document without _id and searchText). */
export interface ListItem {
  caseId: string;
  title: string;
  stage: string;
  jurisdictions: string[];
  channel: string;
  sortKey: string;
  [field: string]: unknown;
}
export interface TimelineItem {
  caseId: string;
  version: number;
  type: string;
  eventId: string;
  occurredAt: string;
  recordedAt: string;
  actor: { name: string; role: string; regulatorId?: string };
  line: string;
}

export const at = (minute: number) => new Date(Date.UTC(2021, 4, 20, 4, minute)).toISOString();
export const withoutId = <T extends { _id?: unknown }>({ _id, ...rest }: T) => rest;
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const report = (title: string, channel: string, jurisdictions: string[]) => ({
  title,
  jurisdictions,
  report: { receivedAt: '2021-05-20T03:00:00Z', channel, summary: `Report: ${title}` },
});
export const confirmedSample = { ...seedCase.sampleVerification };
export const notOursSample = {
  ...seedCase.sampleVerification,
  verdict: 'not-ours',
  matchedRecords: 0,
  confirmedDataCategories: [],
};

/** The requests the read-model suites make, against the stack `stackOf()` returns when they run. */
export function readModelRequests(stackOf: () => TestStack) {
  const get = (path: string, key: string = TEST_KEYS.investigator) => api(stackOf().apiUrl, 'GET', path, { key });
  const post = (path: string, body: unknown, key: string = TEST_KEYS.investigator) =>
    api(stackOf().apiUrl, 'POST', path, { key, body });

  async function open(body: unknown = seedCase.report): Promise<string> {
    const created = await post('/v1/cases', body);
    expect(created.status).toBe(201);
    return created.body.caseId;
  }

  /** Posts a fact and returns the case version the command answered. */
  async function record(caseId: string, path: string, body: unknown, key?: string): Promise<number> {
    const accepted = await post(`/v1/cases/${caseId}/${path}`, body, key);
    expect([200, 201]).toContain(accepted.status);
    return accepted.body.version;
  }

  const statusAt = (caseId: string, version: number) => get(`/v1/cases/${caseId}/status?minVersion=${version}`);

  /** Messages ever written to the dead-letter topic (its high-water marks). */
  async function dlqSize(): Promise<number> {
    const admin = stackOf().kafka.admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(stackOf().topics.caseEventsDlq);
      return offsets.reduce((sum, o) => sum + Number(o.high), 0);
    } finally {
      await admin.disconnect();
    }
  }

  async function listAll(query: string): Promise<ListItem[]> {
    const items: ListItem[] = [];
    let cursor: string | null = null;
    do {
      const page = await get(`/v1/cases?${query}&limit=100${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      items.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    return items;
  }
  return { get, post, open, record, statusAt, dlqSize, listAll };
}
