import type { Collection, Db } from 'mongodb';
import { DEFAULT_REGULATORS, type RegulatorDefinition } from '#libs/domain';
import { isDuplicateKeyError, type SealedSecret, type SecretBox } from '#libs/platform';

export const REGULATORS_COLLECTION = 'regulators';

interface WebhookEndpoint {
  url: string;
  secret: SealedSecret;
  disabledAt?: string;
  disabledReason?: string;
}

interface RegulatorDocument {
  _id: string;
  definition: RegulatorDefinition;
  webhook?: WebhookEndpoint;
  source: 'default' | 'admin';
  updatedAt: string;
}

/** What admins see of a regulator: never the secret. */
export interface RegulatorView extends RegulatorDefinition {
  webhook?: { url: string; disabledAt?: string; disabledReason?: string };
  source: 'default' | 'admin';
}

/** What the notifier needs to deliver: the opened secret stays in that process. */
export interface WebhookTarget {
  regulatorId: string;
  url: string;
  secret: string;
  disabledAt?: string;
}

export class RegulatorExistsError extends Error {}
export class UnknownRegulatorError extends Error {}

/** The regulators and how to reach them; seeded with the legal-clocks table, extended by admins. */
export class RegulatorRegistry {
  private readonly regulators: Collection<RegulatorDocument>;
  private cachedDefinitions?: { readAt: number; definitions: Promise<RegulatorDefinition[]> };

  constructor(
    db: Db,
    private readonly secrets: SecretBox,
    /** Every status query computes deadlines from all definitions; changes made by another process show after this. */
    private readonly definitionsTtlMs = 1_000,
  ) {
    this.regulators = db.collection<RegulatorDocument>(REGULATORS_COLLECTION);
  }

  /**
   * Inserts each default regulator that is missing; an admin's changes to one are kept. A default stored before
   * names had languages (a plain-string name) gets the seed's names in every language.
   */
  async ensureSeeded(): Promise<void> {
    const updatedAt = new Date().toISOString();
    for (const definition of DEFAULT_REGULATORS) {
      await this.regulators
        .insertOne({ _id: definition.id, definition, source: 'default', updatedAt })
        .catch((error: unknown) => {
          if (!isDuplicateKeyError(error)) throw error;
        });
      await this.regulators.updateOne(
        { _id: definition.id, source: 'default', 'definition.name': { $type: 'string' } },
        { $set: { 'definition.name': definition.name, updatedAt } },
      );
    }
    this.cachedDefinitions = undefined;
  }

  async list(): Promise<RegulatorView[]> {
    const documents = await this.regulators.find().toArray();
    return documents.map(toView).sort((a, b) => a.id.localeCompare(b.id));
  }

  definitions(): Promise<RegulatorDefinition[]> {
    const now = Date.now();
    if (!this.cachedDefinitions || now - this.cachedDefinitions.readAt >= this.definitionsTtlMs) {
      const definitions = this.regulators
        .find()
        .toArray()
        .then((documents) => documents.map((document) => document.definition));
      this.cachedDefinitions = { readAt: now, definitions };
      definitions.catch(() => {
        if (this.cachedDefinitions?.definitions === definitions) this.cachedDefinitions = undefined;
      });
    }
    return this.cachedDefinitions.definitions;
  }

  async get(regulatorId: string): Promise<RegulatorView | null> {
    const document = await this.regulators.findOne({ _id: regulatorId });
    return document ? toView(document) : null;
  }

  async add(definition: RegulatorDefinition): Promise<void> {
    try {
      await this.regulators.insertOne({
        _id: definition.id,
        definition,
        source: 'admin',
        updatedAt: new Date().toISOString(),
      });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new RegulatorExistsError(`regulator ${definition.id} exists`);
      throw error;
    } finally {
      this.cachedDefinitions = undefined;
    }
  }

  async setWebhook(regulatorId: string, url: string, secret: string): Promise<void> {
    if (!(await this.regulators.findOne({ _id: regulatorId })))
      throw new UnknownRegulatorError(`unknown regulator ${regulatorId}`);
    const webhook: WebhookEndpoint = { url, secret: this.secrets.seal(secret) };
    await this.update(regulatorId, { webhook, 'definition.delivery': { mode: 'webhook', url } });
  }

  async removeWebhook(regulatorId: string): Promise<void> {
    const result = await this.regulators.updateOne(
      { _id: regulatorId },
      {
        $unset: { webhook: '' },
        $set: { 'definition.delivery': { mode: 'feed' }, updatedAt: new Date().toISOString() },
      },
    );
    this.cachedDefinitions = undefined;
    if (result.matchedCount === 0) throw new UnknownRegulatorError(`unknown regulator ${regulatorId}`);
  }

  /** HTTP 410 from an endpoint means it is gone: stop delivering until an admin sets it again. */
  async disableWebhook(regulatorId: string, reason: string): Promise<void> {
    await this.update(regulatorId, {
      'webhook.disabledAt': new Date().toISOString(),
      'webhook.disabledReason': reason,
    });
  }

  async webhookTarget(regulatorId: string): Promise<WebhookTarget | null> {
    const webhook = (await this.regulators.findOne({ _id: regulatorId }))?.webhook;
    if (!webhook) return null;
    return {
      regulatorId,
      url: webhook.url,
      secret: this.secrets.open(webhook.secret),
      ...(webhook.disabledAt && { disabledAt: webhook.disabledAt }),
    };
  }

  private async update(regulatorId: string, fields: Record<string, unknown>): Promise<void> {
    const result = await this.regulators.updateOne(
      { _id: regulatorId },
      { $set: { ...fields, updatedAt: new Date().toISOString() } },
    );
    this.cachedDefinitions = undefined;
    if (result.matchedCount === 0) throw new UnknownRegulatorError(`unknown regulator ${regulatorId}`);
  }
}

function toView({ definition, webhook, source }: RegulatorDocument): RegulatorView {
  return {
    ...definition,
    source,
    ...(webhook && {
      webhook: {
        url: webhook.url,
        ...(webhook.disabledAt && { disabledAt: webhook.disabledAt, disabledReason: webhook.disabledReason }),
      },
    }),
  };
}
