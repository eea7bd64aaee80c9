import { describe, expect, it } from '@jest/globals';
import type { StoredEvent } from '#libs/event-store';
import { fromKafkaMessage, toKafkaMessage, UndecodableEventError } from './cloud-event-codec.js';

const event: StoredEvent = {
  eventId: '5b0c6a52-5d0e-4c55-9a43-8c1b2f8e0e11',
  type: 'ReportReceived',
  schemaVersion: 1,
  caseId: 'case-1',
  version: 1,
  occurredAt: '2021-05-20T08:00:00.000Z',
  recordedAt: '2021-05-20T08:00:00.010Z',
  actor: { name: 'ana', role: 'investigator' },
  correlationId: 'corr-1',
  causationId: 'cause-1',
  payload: { caseId: 'case-1', title: 'Alleged sale' },
};

const asReceived = (message: ReturnType<typeof toKafkaMessage>) => ({
  value: Buffer.from(message.value as string),
  headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, Buffer.from(String(v))])),
});

describe('CloudEvents Kafka binding', () => {
  it('round-trips a stored event through binary-mode headers, keyed by case', () => {
    const message = toKafkaMessage(event);
    expect(message.key).toBe('case-1');
    expect(message.headers).toMatchObject({ ce_specversion: '1.0', ce_type: 'breachline.case.ReportReceived' });
    expect(fromKafkaMessage(asReceived(message))).toEqual(event);
  });

  it('rejects a message without CloudEvents headers as undecodable', () => {
    expect(() => fromKafkaMessage({ value: Buffer.from('{}'), headers: {} })).toThrow(UndecodableEventError);
  });

  it('rejects a value that is not JSON', () => {
    const received = { ...asReceived(toKafkaMessage(event)), value: Buffer.from('not json') };
    expect(() => fromKafkaMessage(received)).toThrow('value is not JSON');
  });

  it('given a SourceTraced event published at schema version 1, then it decodes upcast to the current version', () => {
    const published: StoredEvent = {
      ...event,
      type: 'SourceTraced',
      version: 3,
      payload: { caseId: 'case-1', sourceSystem: 'export server', vector: 'compromised-vendor-credential' },
    };
    expect(fromKafkaMessage(asReceived(toKafkaMessage(published)))).toEqual({
      ...published,
      schemaVersion: 2,
      payload: {
        caseId: 'case-1',
        sourceSystem: 'export server',
        vector: 'hacking:use-of-stolen-credentials',
        viaPartner: true,
      },
    });
  });
});
