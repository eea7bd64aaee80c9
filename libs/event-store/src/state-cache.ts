import type { Collection, Db } from 'mongodb';
import { LruMap } from '#libs/platform';
import { type EventCodec, UNENCRYPTED_CODEC } from './event-codec.js';
import { isDuplicateKeyError } from './event-store-errors.js';

export const SNAPSHOTS_COLLECTION = 'case_snapshots';

export interface VersionedState<S> {
  version: number;
  state: S;
}

export interface CachedState<S> extends VersionedState<S> {
  /** True when this process holds the entry (it appended or loaded that version itself); false for a snapshot. */
  fromMemory: boolean;
}

interface SnapshotDocument {
  _id: string;
  version: number;
  stateSchema: string;
  state: unknown;
}

/**
 * Decision state kept in memory (bounded, least recently used out) and snapshotted to MongoDB every
 * `snapshotEvery` versions, so loading a long stream reads only the commits after the last snapshot.
 * Any snapshot is a correct state at its own version, so a lost or older write costs time, never truth. Snapshots are
 * sealed by the codec (the state holds personal data); one that cannot be opened is ignored.
 *
 * A snapshot must read back as the state that was written, whatever the state's type: undefined values are left out
 * rather than stored as null (the state reads back without the key, as its JSON would), and a state that keys records
 * by ids (which may hold '.' or '$') cannot be stored as a document, so decision states keep such entries in arrays.
 */
export class StateCache<S> {
  private readonly memory: LruMap<string, VersionedState<S>>;
  private readonly snapshots: Collection<SnapshotDocument>;

  constructor(
    db: Db,
    /** Changes whenever the state's shape changes; snapshots of another schema are ignored. */
    private readonly stateSchema: string,
    private readonly snapshotEvery = 25,
    maxInMemory = 10_000,
    private readonly codec: EventCodec = UNENCRYPTED_CODEC,
  ) {
    this.memory = new LruMap(maxInMemory);
    this.snapshots = db.collection<SnapshotDocument>(SNAPSHOTS_COLLECTION);
  }

  async get(streamId: string): Promise<CachedState<S> | undefined> {
    const cached = this.memory.get(streamId);
    if (cached) return { ...cached, fromMemory: true };
    const snapshot = await this.snapshots.findOne({ _id: streamId, stateSchema: this.stateSchema });
    const state = snapshot && (await this.codec.openState(streamId, snapshot.version, snapshot.state));
    return snapshot && state !== undefined
      ? { version: snapshot.version, state: state as S, fromMemory: false }
      : undefined;
  }

  /** `fromVersion` is the version the entry was decided from: a snapshot is written on crossing a multiple of `snapshotEvery`. */
  async put(streamId: string, entry: VersionedState<S>, fromVersion: number): Promise<void> {
    this.memory.set(streamId, entry);
    if (Math.floor(entry.version / this.snapshotEvery) > Math.floor(fromVersion / this.snapshotEvery)) {
      const state = await this.codec.sealState(streamId, entry.version, entry.state);
      if (state === undefined) return;
      await this.snapshots
        .replaceOne(
          { _id: streamId },
          { version: entry.version, stateSchema: this.stateSchema, state },
          { upsert: true, ignoreUndefined: true },
        )
        .catch((error: unknown) => {
          if (!isDuplicateKeyError(error)) throw error;
        });
    }
  }

  forget(streamId: string): void {
    this.memory.delete(streamId);
  }
}
