import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import { isDuplicateKeyError } from '#libs/event-store';

interface LeaseSlotDocument {
  _id: string;
  slot: number;
  owner: string;
}

export const NOTIFIER_LEASES_COLLECTION = 'notifier_leases';

/**
 * One delivery worker at a time across notifier replicas, by time slot, on unique inserts only (FerretDB updates are
 * not atomic): whoever inserts slot N owns it. A worker may start an attempt only while it owns every slot the
 * attempt can last into, claiming the next slot ahead of time; a dead owner loses the lease within two slots, a
 * stopped one releases it at once. Owned slots are remembered, so a live owner costs one insert per slot; a standby
 * costs an insert and a read per poll.
 */
export class DeliveryLease {
  readonly owner = randomUUID();
  private readonly slots: Collection<LeaseSlotDocument>;
  private readonly known = new Set<number>();

  constructor(
    db: Db,
    private readonly name: string,
    private readonly slotMs: number,
  ) {
    this.slots = db.collection<LeaseSlotDocument>(NOTIFIER_LEASES_COLLECTION);
  }

  /** Whether this process owns the lease from `now` for `spanMs` (less than one slot). */
  async holdsFor(now: number, spanMs: number): Promise<boolean> {
    const slot = Math.floor(now / this.slotMs);
    if (!(await this.claim(slot))) return false;
    const lastSlot = Math.floor((now + spanMs) / this.slotMs);
    return lastSlot === slot || this.claim(lastSlot);
  }

  /** After a graceful stop: a successor need not wait for this process's slots to run out. */
  async release(): Promise<void> {
    await this.slots.deleteMany({ owner: this.owner });
    this.known.clear();
  }

  private async claim(slot: number): Promise<boolean> {
    if (this.known.has(slot)) return true;
    const _id = `${this.name}:${slot}`;
    let owned: boolean;
    try {
      await this.slots.insertOne({ _id, slot, owner: this.owner });
      await this.slots.deleteMany({ slot: { $lt: slot - 12 } });
      owned = true;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      owned = (await this.slots.findOne({ _id }))?.owner === this.owner;
    }
    // Only ownership is remembered: a slot held by another may be released by it (graceful stop).
    if (owned) {
      for (const old of this.known) if (old < slot - 2) this.known.delete(old);
      this.known.add(slot);
    }
    return owned;
  }
}
