import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import { isDuplicateKeyError } from '../mongo/duplicate-key.js';

interface LeaseSlotDocument {
  _id: string;
  slot: number;
  owner: string;
}

export interface SlotLeaseOptions {
  /** Where the slots live; one collection per app (`relay_leases`, `notifier_leases`, …). */
  collection: string;
  /** What is led: processes with the same name compete for it. */
  name: string;
  /** Length of one slot. */
  slotMs: number;
}

/** How many slots stay stored behind the current one (for an operator to see who led lately). */
const KEPT_SLOTS = 12;

/**
 * One active process at a time, by time slot, built on unique inserts only (no update is relied on to be atomic):
 * whoever inserts slot N owns it. A process may start work only while it owns every slot the work can last into
 * (`holdsFor`), so it claims the next slot ahead of time; a live owner keeps the lease, a dead one loses it within
 * two slots, a stopped one `release`s it at once. Owned slots are remembered, so a live owner costs one insert per
 * slot and a standby an insert and an `_id` read per check.
 *
 * ```ts
 * const lease = new SlotLease(db, { collection: 'relay_leases', name: 'relay:case-events', slotMs: 5_000 });
 * if (await lease.holdsFor(Date.now(), 2_000)) await publishBatch(); // work that ends within 2 s
 * await lease.release(); // on stop
 * ```
 */
export class SlotLease {
  readonly owner = randomUUID();
  private readonly slots: Collection<LeaseSlotDocument>;
  private readonly name: string;
  private readonly slotMs: number;
  private readonly known = new Set<number>();

  constructor(db: Db, options: SlotLeaseOptions) {
    this.slots = db.collection<LeaseSlotDocument>(options.collection);
    this.name = options.name;
    this.slotMs = options.slotMs;
  }

  /** Whether this process owns the lease from `now` for `spanMs` (at most one slot); claims what that needs. */
  async holdsFor(now: number, spanMs: number): Promise<boolean> {
    if (spanMs > this.slotMs)
      throw new RangeError(`a lease span (${spanMs} ms) must not exceed a slot (${this.slotMs} ms)`);
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
      await this.slots.deleteMany({ slot: { $lt: slot - KEPT_SLOTS } });
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
