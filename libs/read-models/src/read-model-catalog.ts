import type { Collection, Db } from 'mongodb';
import { READ_MODELS, type ReadModelName } from './read-model-set.js';

/**
 * Where each read model lives now. Queries read `readFrom`; the projector writes every collection in
 * `writeTo` (two while a rebuild catches up). Generation 1 is the plain name; a rebuild makes `<name>_g<n>`.
 */
export interface ReadModelPlacement {
  _id: ReadModelName;
  generation: number;
  readFrom: string;
  writeTo: string[];
  projectionVersion: number;
  rebuilding?: { generation: number; collection: string; startedAt: string };
}

export const generationCollection = (name: ReadModelName, generation: number): string =>
  generation === 1 ? name : `${name}_g${generation}`;

const initialPlacement = (name: ReadModelName, projectionVersion: number): ReadModelPlacement => ({
  _id: name,
  generation: 1,
  readFrom: name,
  writeTo: [name],
  projectionVersion,
});

/**
 * The longest a query keeps polling the collection it resolved before answering (case-api's `?minVersion` wait):
 * a rebuild drops an old generation only once such reads are over.
 */
export const READ_WAIT_MS = 2_000;

/**
 * Cached for `ttlMs` so that a switch reaches every process within that time, without a read per request. The period
 * is most of a rebuild's fixed cost, and a catalog read is one small query, so it is short.
 */
export class ReadModelCatalog {
  private readonly placements: Collection<ReadModelPlacement>;
  private cache?: { at: number; placements: Map<ReadModelName, ReadModelPlacement> };

  constructor(
    db: Db,
    readonly ttlMs = 250,
  ) {
    this.placements = db.collection<ReadModelPlacement>('read_model_catalog');
  }

  async all(): Promise<Map<ReadModelName, ReadModelPlacement>> {
    if (this.cache && Date.now() - this.cache.at < this.ttlMs) return this.cache.placements;
    const stored = new Map((await this.placements.find().toArray()).map((p) => [p._id, p]));
    const placements = new Map(
      READ_MODELS.map((model) => [
        model.name,
        stored.get(model.name) ?? initialPlacement(model.name, model.projectionVersion),
      ]),
    );
    this.cache = { at: Date.now(), placements };
    return placements;
  }

  async placement(name: ReadModelName): Promise<ReadModelPlacement> {
    return (await this.all()).get(name) as ReadModelPlacement;
  }

  async readCollection(name: ReadModelName): Promise<string> {
    return (await this.placement(name)).readFrom;
  }

  /** Only the rebuild command writes placements; it is the single writer, so a plain replace is enough. */
  async save(placement: ReadModelPlacement): Promise<void> {
    await this.placements.replaceOne({ _id: placement._id }, placement, { upsert: true });
    this.cache = undefined;
  }
}
