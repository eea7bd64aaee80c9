import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { CASE_EVENT_DEFINITIONS } from '#libs/domain';
import type { EventCodec, StoredEvent } from '#libs/event-store';
import { DataKeyErasedError, type DataKey, type DataKeyStore } from './data-key-store.js';
import { ErasedValue } from './erased-value.js';

/** Marks an encrypted value: `pd1.<iv>.<ciphertext>.<tag>`, base64url parts; a string, so payload shapes stay. */
const PREFIX = 'pd1.';

export class PersonalDataDecryptionError extends Error {}

type Segment = string;
type Transform = (value: string, path: string) => unknown;

/** 'outcomes[].reasons[]' → ['outcomes', '[]', 'reasons', '[]']; 'content.*' → ['content', '*']. */
const segmentsOf = (path: string): Segment[] =>
  path.split('.').flatMap((part) => (part.endsWith('[]') ? [part.slice(0, -2), '[]'] : [part]));

/** Applies `transform` to every string at `segments`, copying only what it changes. */
function mapAt(value: unknown, segments: readonly Segment[], at: string, transform: Transform): unknown {
  if (segments.length === 0) return typeof value === 'string' ? transform(value, at) : value;
  if (value === null || typeof value !== 'object') return value;
  const [head, ...rest] = segments;
  if (head === '[]') {
    return Array.isArray(value) ? value.map((item, index) => mapAt(item, rest, `${at}[${index}]`, transform)) : value;
  }
  const record = value as Record<string, unknown>;
  const join = (key: string) => (at === '' ? key : `${at}.${key}`);
  if (head === '*') {
    return Object.fromEntries(
      Object.entries(record).map(([key, item]) => [key, mapAt(item, rest, join(key), transform)]),
    );
  }
  if (!(head in record)) return value;
  return { ...record, [head]: mapAt(record[head], rest, join(head), transform) };
}

const aadOf = (...parts: string[]) => Buffer.from(parts.join('\n'), 'utf8');

function seal(key: Buffer, aad: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${PREFIX}${iv.toString('base64url')}.${ciphertext.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}`;
}

function open(key: Buffer, aad: Buffer, sealed: string): string {
  const [iv, ciphertext, tag] = sealed.slice(PREFIX.length).split('.');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(aad);
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    // The value itself is never put into the message: this error may be logged or dead-lettered.
    throw new PersonalDataDecryptionError('a personal value does not decrypt where it is (moved, altered or foreign)');
  }
}

const isSealed = (value: unknown): value is string => typeof value === 'string' && value.startsWith(PREFIX);

/**
 * Encrypts every field an event definition classifies `personal` with the case's data key (AES-256-GCM, additional
 * data = case id, event id and field path, so a value cannot be moved to another case, event or field), and decrypts
 * them for every reader. Once the case's key is destroyed each such value reads as an ErasedValue.
 */
export class PersonalDataCodec implements EventCodec {
  private readonly personalPaths = new Map<string, Segment[][]>(
    CASE_EVENT_DEFINITIONS.map((definition) => [definition.type, definition.personalPaths.map(segmentsOf)]),
  );

  constructor(readonly keys: DataKeyStore) {}

  async encode(streamId: string, events: StoredEvent[]): Promise<StoredEvent[]> {
    let key: Buffer | undefined;
    const keyOf = async () => {
      if (key) return key;
      const found = await this.keys.keyFor(streamId, { create: true });
      if (found === 'erased') throw new DataKeyErasedError(streamId);
      return (key = found.key);
    };
    const encoded: StoredEvent[] = [];
    for (const event of events) {
      const paths = this.pathsOf(event.type);
      if (!paths) throw new Error(`no definition classifies the fields of event type ${event.type}`);
      const values: { path: string; plaintext: string }[] = [];
      for (const segments of paths)
        mapAt(event.payload, segments, '', (plaintext, path) => values.push({ path, plaintext }));
      if (values.length === 0) {
        encoded.push(event);
        continue;
      }
      const dataKey = await keyOf();
      let payload: unknown = event.payload;
      for (const segments of paths) {
        payload = mapAt(payload, segments, '', (plaintext, path) =>
          seal(dataKey, aadOf(streamId, event.eventId, path), plaintext),
        );
      }
      encoded.push({ ...event, payload });
    }
    return encoded;
  }

  async decode(events: StoredEvent[]): Promise<StoredEvent[]> {
    const keys = new Map<string, DataKey>();
    const keyOf = async (caseId: string) => {
      let key = keys.get(caseId);
      if (!key) keys.set(caseId, (key = await this.keys.keyFor(caseId)));
      return key;
    };
    const decoded: StoredEvent[] = [];
    for (const event of events) {
      const paths = this.pathsOf(event.type) ?? [];
      let sealed = false;
      for (const segments of paths) {
        mapAt(event.payload, segments, '', (value) => {
          sealed ||= isSealed(value);
          return value;
        });
      }
      if (!sealed) {
        decoded.push(event);
        continue;
      }
      const key = await keyOf(event.caseId);
      let payload: unknown = event.payload;
      for (const segments of paths) {
        payload = mapAt(payload, segments, '', (value, path) => {
          if (!isSealed(value)) return value;
          return key === 'erased' ? new ErasedValue() : open(key.key, aadOf(event.caseId, event.eventId, path), value);
        });
      }
      decoded.push({ ...event, payload });
    }
    return decoded;
  }

  async sealState(streamId: string, version: number, state: unknown): Promise<unknown> {
    const key = await this.keys.keyFor(streamId, { create: true }).catch((error: unknown) => {
      if (error instanceof DataKeyErasedError) return 'erased' as const;
      throw error;
    });
    if (key === 'erased') return undefined;
    return { sealed: seal(key.key, aadOf(streamId, 'snapshot', String(version)), JSON.stringify(state)) };
  }

  async openState(streamId: string, version: number, stored: unknown): Promise<unknown> {
    const sealed = (stored as { sealed?: unknown } | null)?.sealed;
    if (!isSealed(sealed)) return undefined;
    const key = await this.keys.keyFor(streamId).catch(() => 'erased' as const);
    if (key === 'erased') return undefined;
    try {
      return JSON.parse(open(key.key, aadOf(streamId, 'snapshot', String(version)), sealed)) as unknown;
    } catch {
      return undefined;
    }
  }

  /** Forgets the case's key read earlier: after its erasure, the next read gets placeholders. */
  forgetKey(caseId: string): void {
    this.keys.forget(caseId);
  }

  private pathsOf(type: string): Segment[][] | undefined {
    return this.personalPaths.get(type);
  }
}
