import type { IHeaders, Message } from 'kafkajs';
import { CASE_EVENT_UPCASTERS, type Role } from '#libs/domain';
import { type StoredEvent, upcast } from '#libs/event-store';

export const CLOUD_EVENT_SOURCE = '/breachline/cases';
export const cloudEventType = (eventType: string): string => `breachline.case.${eventType}`;

/**
 * CloudEvents 1.0 Kafka protocol binding, binary mode: attributes travel as `ce_*` headers, the value is
 * the event payload. Breachline's envelope fields are CloudEvents extension attributes.
 */
export function toKafkaMessage(event: StoredEvent): Message {
  return {
    key: event.caseId,
    value: JSON.stringify(event.payload),
    headers: {
      ce_specversion: '1.0',
      ce_id: event.eventId,
      ce_source: CLOUD_EVENT_SOURCE,
      ce_type: cloudEventType(event.type),
      ce_subject: event.caseId,
      ce_time: event.occurredAt,
      'content-type': 'application/json',
      ce_schemaversion: String(event.schemaVersion),
      ce_caseversion: String(event.version),
      ce_recordedtime: event.recordedAt,
      ce_actorname: event.actor.name,
      ce_actorrole: event.actor.role,
      ...(event.actor.regulatorId && { ce_actorregulator: event.actor.regulatorId }),
      ce_correlationid: event.correlationId,
      ce_causationid: event.causationId,
    },
  };
}

export class UndecodableEventError extends Error {
  override name = 'UndecodableEventError';
}

/** Decodes a case event, upcast to its current schema version (events published by older versions stay as they were). */
export function fromKafkaMessage(message: { value: Buffer | null; headers?: IHeaders }): StoredEvent {
  const header = (name: string): string => {
    const value = message.headers?.[name];
    const text = Array.isArray(value) ? value[0]?.toString() : value?.toString();
    if (!text) throw new UndecodableEventError(`missing header ${name}`);
    return text;
  };
  const optionalHeader = (name: string): string | undefined => message.headers?.[name]?.toString();
  if (header('ce_specversion') !== '1.0') throw new UndecodableEventError('unsupported CloudEvents specversion');
  const type = header('ce_type');
  if (!type.startsWith('breachline.case.')) throw new UndecodableEventError(`unknown ce_type ${type}`);
  const version = Number(header('ce_caseversion'));
  const schemaVersion = Number(header('ce_schemaversion'));
  if (!Number.isInteger(version) || version < 1)
    throw new UndecodableEventError('ce_caseversion is not a positive integer');
  if (!Number.isInteger(schemaVersion) || schemaVersion < 1) {
    throw new UndecodableEventError('ce_schemaversion is not a positive integer');
  }
  let payload: unknown;
  try {
    payload = JSON.parse(message.value?.toString() ?? '');
  } catch {
    throw new UndecodableEventError('value is not JSON');
  }
  if (typeof payload !== 'object' || payload === null) throw new UndecodableEventError('value is not a JSON object');
  const regulatorId = optionalHeader('ce_actorregulator');
  const event: StoredEvent = {
    eventId: header('ce_id'),
    type: type.slice('breachline.case.'.length),
    schemaVersion,
    caseId: header('ce_subject'),
    version,
    occurredAt: header('ce_time'),
    recordedAt: header('ce_recordedtime'),
    actor: { name: header('ce_actorname'), role: header('ce_actorrole') as Role, ...(regulatorId && { regulatorId }) },
    correlationId: header('ce_correlationid'),
    causationId: header('ce_causationid'),
    payload,
  };
  return upcast(event, CASE_EVENT_UPCASTERS);
}
