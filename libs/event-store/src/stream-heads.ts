import { genesisHash } from '#libs/ledger';
import { LruMap } from '#libs/platform';
import { ConcurrentAppendError } from './event-store-errors.js';
import type { CommitDocument } from './stored-event.js';

/** Streams whose last known commit hash is kept, so that chaining an append reads nothing. */
const MAX_HEADS_IN_MEMORY = 10_000;

/** A stream's last commit this process wrote or read: what the next commit chains to. */
interface StreamHead {
  version: number;
  hash: string;
}

const pendingKey = (streamId: string, version: number) => `${streamId}:${version}`;

/**
 * What each stream's next commit chains to, as far as this process knows: the last commit it wrote or read (the state
 * a command is decided on was loaded through readStream or appended here), or an append of its own still in flight.
 * A stale head only makes the append lose on the commit's unique `_id`, as any stale state does.
 */
export class StreamHeads {
  private readonly heads = new LruMap<string, StreamHead>(MAX_HEADS_IN_MEMORY);
  /** Appends of this process not yet settled, by the version they end at: what an append after them waits for. */
  private readonly inFlight = new Map<string, Promise<string | null>[]>();

  /** The hash after `version`, or undefined when it must be read (throws if the append it waited for lost). */
  async hashAt(streamId: string, version: number): Promise<string | undefined> {
    if (version === 0) return genesisHash(streamId);
    const head = this.heads.get(streamId);
    if (head?.version === version) return head.hash;
    const pending = this.inFlight.get(pendingKey(streamId, version));
    if (!pending) return undefined;
    const written = (await Promise.all(pending)).find((hash) => hash !== null);
    if (written) return written;
    throw new ConcurrentAppendError(streamId, version);
  }

  /**
   * Registers, before anything is awaited, that this process is appending up to `toVersion`, so that an append after
   * it (submitted in the same tick, as group commit allows) chains to its hash once it is known to be written.
   */
  track(streamId: string, toVersion: number): { settle: (hash: string | null) => void } {
    const key = pendingKey(streamId, toVersion);
    let settle!: (hash: string | null) => void;
    const settled = new Promise<string | null>((resolve) => (settle = resolve));
    this.inFlight.set(key, [...(this.inFlight.get(key) ?? []), settled]);
    return {
      settle: (hash) => {
        settle(hash);
        const rest = this.inFlight.get(key)?.filter((other) => other !== settled) ?? [];
        if (rest.length > 0) this.inFlight.set(key, rest);
        else this.inFlight.delete(key);
      },
    };
  }

  note(commit: CommitDocument): void {
    const known = this.heads.get(commit.streamId);
    if (!known || known.version <= commit.toVersion) {
      this.heads.set(commit.streamId, { version: commit.toVersion, hash: commit.hash });
    }
  }
}
