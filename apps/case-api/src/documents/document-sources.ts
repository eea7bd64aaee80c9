import type { Db } from 'mongodb';
import { computeDeadlines } from '#libs/domain';
import type { EventStore } from '#libs/event-store';
import { type CaseStatusDocument, type CaseStoredEvent, ReadModelCatalog } from '#libs/read-models';
import { type RegulatorRegistry } from '#libs/regulators';
import { readOrganisationProfile } from '../holding-statements/statement-settings.js';
import type { ReportFacts } from './case-report.composer.js';
import type { LetterFacts } from './notification-letter.composer.js';

/** Who asks: a regulator's key sees only the letters of its own notifications. */
export interface DocumentViewer {
  regulatorId?: string;
}

/**
 * The facts each document is composed from, read through the existing read models and the event store. A plain
 * class, so the case-api and the CLI compose the same documents from the same reads.
 */
export class DocumentSources {
  constructor(
    private readonly db: Db,
    private readonly store: EventStore,
    private readonly registry: RegulatorRegistry,
    /** case-api passes its one catalog (one cache); the CLI, a process of its own, gets one of its own. */
    private readonly catalog = new ReadModelCatalog(db),
  ) {}

  /** null when the case or the notification is unknown, or the notification was sent to another regulator. */
  async letter(caseId: string, notificationId: string, viewer: DocumentViewer = {}): Promise<LetterFacts | null> {
    const statuses = this.db.collection<CaseStatusDocument>(await this.catalog.readCollection('case_status'));
    const status = await statuses.findOne({ _id: caseId }, { projection: { _id: 0 } });
    const notification = status?.regulatorNotifications.find((n) => n.notificationId === notificationId);
    if (!status || !notification) return null;
    if (viewer.regulatorId !== undefined && viewer.regulatorId !== notification.regulatorId) return null;
    const regulators = await this.registry.definitions();
    const regulator = regulators.find((r) => r.id === notification.regulatorId);
    if (!regulator) return null;
    // The clock of this notification is settled when it was sent: dated by it, the letter never changes with time.
    const deadline = computeDeadlines(status.clockFacts, regulators, new Date(notification.notifiedAt)).find(
      (d) => d.regulatorId === regulator.id && d.notificationId === notificationId,
    );
    return {
      status,
      notification,
      regulator,
      organisation: await readOrganisationProfile(this.db),
      ...(deadline && { deadline }),
    };
  }

  /** null when the case is unknown. */
  async report(caseId: string, asOf: Date): Promise<ReportFacts | null> {
    const events = (await this.store.readStream(caseId)) as CaseStoredEvent[];
    if (events.length === 0) return null;
    const [regulators, organisation] = await Promise.all([
      this.registry.definitions(),
      readOrganisationProfile(this.db),
    ]);
    return { events, regulators, organisation, asOf };
  }
}
