import { describe, expect, it } from '@jest/globals';
import type { StoredEvent } from './stored-event.js';
import { upcast, type Upcaster } from './upcaster.js';

const stored = (type: string, schemaVersion: number, payload: unknown): StoredEvent => ({
  eventId: '5f0c6d1e-2b53-4d5e-9a39-3c1c8b1f0a11',
  type,
  schemaVersion,
  caseId: 'case-1',
  version: 7,
  occurredAt: '2021-05-20T06:00:00.000Z',
  recordedAt: '2021-05-20T06:00:01.000Z',
  actor: { name: 'ana', role: 'investigator' },
  correlationId: 'corr-1',
  causationId: 'req-1',
  payload,
});

const renameV1: Upcaster = {
  type: 'Renamed',
  fromSchemaVersion: 1,
  upcast: (p) => ({ name: (p as { fullName: string }).fullName }),
};
const localeV2: Upcaster = {
  type: 'Renamed',
  fromSchemaVersion: 2,
  upcast: (p) => ({ ...(p as object), locale: 'id-ID' }),
};

describe('upcast', () => {
  it('chains upcasters by schema version, whatever their order in the list', () => {
    const event = stored('Renamed', 1, { fullName: 'Ana Putri' });
    for (const list of [
      [renameV1, localeV2],
      [localeV2, renameV1],
    ]) {
      expect(upcast(event, list)).toStrictEqual({
        ...event,
        schemaVersion: 3,
        payload: { name: 'Ana Putri', locale: 'id-ID' },
      });
    }
  });

  it('starts the chain at the stored schema version', () => {
    const event = stored('Renamed', 2, { name: 'Budi' });
    expect(upcast(event, [renameV1, localeV2])).toMatchObject({
      schemaVersion: 3,
      payload: { name: 'Budi', locale: 'id-ID' },
    });
  });

  it('returns current events and events of other types unchanged', () => {
    const current = stored('Renamed', 3, { name: 'Ana', locale: 'id-ID' });
    const other = stored('Other', 1, { fullName: 'kept' });
    expect(upcast(current, [renameV1, localeV2])).toBe(current);
    expect(upcast(other, [renameV1, localeV2])).toBe(other);
    expect(upcast(other, [])).toBe(other);
  });

  it('never mutates the stored event, and keeps its envelope', () => {
    const event = stored('Renamed', 1, { fullName: 'Ana Putri' });
    const copy = structuredClone(event);
    const lifted = upcast(event, [renameV1, localeV2]);
    expect(event).toStrictEqual(copy);
    const { payload: _p, schemaVersion: _s, ...envelope } = lifted;
    const { payload: _op, schemaVersion: _os, ...originalEnvelope } = copy;
    expect(envelope).toStrictEqual(originalEnvelope);
  });
});
