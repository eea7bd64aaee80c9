import type { Upcaster } from '../shared/event-definition.js';
import type { SourceTracedPayload } from './case-events.js';
import type { SourceVector } from './vocabulary.js';

/** SourceTraced version 1's six vectors, as VERIS actions and varieties. */
export const VERSION_1_VECTORS: Readonly<Record<string, { vector: SourceVector; viaPartner: boolean }>> = {
  'compromised-vendor-credential': { vector: 'hacking:use-of-stolen-credentials', viaPartner: true },
  'api-abuse': { vector: 'hacking:abuse-of-functionality', viaPartner: false },
  insider: { vector: 'misuse:unknown', viaPartner: false },
  misconfiguration: { vector: 'error:misconfiguration', viaPartner: false },
  malware: { vector: 'malware:unknown', viaPartner: false },
  unknown: { vector: 'unknown', viaPartner: false },
};

const sourceTracedVersion1: Upcaster = {
  type: 'SourceTraced',
  fromSchemaVersion: 1,
  upcast(payload) {
    const { vector, ...rest } = payload as Omit<SourceTracedPayload, 'vector' | 'viaPartner'> & { vector: string };
    const lifted = Object.hasOwn(VERSION_1_VECTORS, vector) ? VERSION_1_VECTORS[vector] : undefined;
    if (lifted === undefined) throw new Error(`SourceTraced version 1 has no vector "${vector}"`);
    return { ...rest, ...lifted };
  },
};

/** Every case event's upcasters: the event store and the Kafka decoder read older schema versions through them. */
export const CASE_EVENT_UPCASTERS: readonly Upcaster[] = [sourceTracedVersion1];
