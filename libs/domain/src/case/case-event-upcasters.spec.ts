import { describe, expect, it } from '@jest/globals';
import { CASE_EVENT_UPCASTERS, VERSION_1_VECTORS } from './case-event-upcasters.js';
import { SourceTraced } from './case-events.js';
import { SOURCE_VECTORS } from './vocabulary.js';

// Given a SourceTraced payload stored at schema version 1, when it is read, then it is lifted to the current version.

const upcaster = CASE_EVENT_UPCASTERS.find((u) => u.type === 'SourceTraced' && u.fromSchemaVersion === 1)!;
const version1 = {
  caseId: 'case-1',
  tracedAt: '2021-05-21T05:00:00Z',
  sourceSystem: 'Legacy membership export server',
  confidence: 'medium',
  summary: 'Export endpoint queried with a vendor account',
};

describe('SourceTraced version 1 → 2', () => {
  it('lifts to the version the event definition now has', () => {
    expect(SourceTraced.schemaVersion).toBe(2);
    expect(upcaster.fromSchemaVersion + 1).toBe(SourceTraced.schemaVersion);
  });

  it.each([
    ['compromised-vendor-credential', 'hacking:use-of-stolen-credentials', true],
    ['api-abuse', 'hacking:abuse-of-functionality', false],
    ['insider', 'misuse:unknown', false],
    ['misconfiguration', 'error:misconfiguration', false],
    ['malware', 'malware:unknown', false],
    ['unknown', 'unknown', false],
  ])('given the vector %s, then %s with viaPartner %s, the other fields as they were', (old, vector, viaPartner) => {
    expect(upcaster.upcast({ ...version1, vector: old })).toEqual({ ...version1, vector, viaPartner });
  });

  it('maps every version-1 vector to a current one', () => {
    for (const { vector } of Object.values(VERSION_1_VECTORS)) expect(SOURCE_VECTORS).toContain(vector);
  });

  it.each(['aliens', 'toString'])('given a vector version 1 never had (%s), then it refuses to guess', (vector) => {
    expect(() => upcaster.upcast({ ...version1, vector })).toThrow(`SourceTraced version 1 has no vector "${vector}"`);
  });
});
