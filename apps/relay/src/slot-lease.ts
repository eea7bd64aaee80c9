import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import { isDuplicateKeyError } from '#libs/event-store';

interface LeaseSlotDocument {
  _id: string;
  slot: number;
  owner: string;
}

/**
 * Leadership by time slot, built on unique inserts only (FerretDB updates are not atomic): whoever inserts
 * slot N owns it; the owner claims N+1 before N ends, so a live owner keeps the lease and a dead one loses
 * it within one slot. Work stops `marginMs` before the last owned slot ends.
 */
export class SlotLease {
  readonly owner = randomUUID();
  private readonly slots: Collection<LeaseSlotDocument>;

  constructor(
    db: Db,
    private readonly name: string,
    private readonly slotMs = 5_000,
    private readonly marginMs = 1_000,
  ) {
    this.slots = db.collection<LeaseSlotDocument>('relay_leases');
  }

  /** Whether this process may publish now; renews ahead of time while it does. */
  async holds(now: number): Promise<boolean> {
    const slot = Math.floor(now / this.slotMs);
    if (!(await this.claim(slot))) return false;
    const slotEnd = (slot + 1) * this.slotMs;
    if (slotEnd - now > 2 * this.marginMs) return true;
    return (await this.claim(slot + 1)) || slotEnd - now > this.marginMs;
  }

  private async claim(slot: number): Promise<boolean> {
    const _id = `${this.name}:${slot}`;
    try {
      await this.slots.insertOne({ _id, slot, owner: this.owner });
      await this.slots.deleteMany({ slot: { $lt: slot - 12 } });
      return true;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const holder = await this.slots.findOne({ _id });
      return holder?.owner === this.owner;
    }
  }
}
