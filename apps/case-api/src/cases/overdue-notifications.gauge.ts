import { Inject, Injectable } from '@nestjs/common';
import { Db } from 'mongodb';
import { computeDeadlines } from '#libs/domain';
import { Metrics } from '#libs/platform';
import { type CaseStatusDocument, ReadModelCatalog, RegulatorRegistry } from '#libs/read-models';

/** Legal clocks past due without a notification, counted when scraped (time alone makes one overdue). */
@Injectable()
export class OverdueNotificationsGauge {
  constructor(
    @Inject(Metrics) metrics: Metrics,
    @Inject(Db) db: Db,
    @Inject(ReadModelCatalog) catalog: ReadModelCatalog,
    @Inject(RegulatorRegistry) registry: RegulatorRegistry,
  ) {
    metrics.gauge('breachline_overdue_notifications', 'Regulator notifications past their legal deadline', ['regulator'], async (gauge) => {
      const statuses = db.collection<CaseStatusDocument>(await catalog.readCollection('case_status'));
      const cases = await statuses.find({}, { projection: { clockFacts: 1 } }).toArray();
      const regulators = await registry.definitions();
      const now = new Date();
      gauge.reset();
      for (const regulator of regulators) gauge.set({ regulator: regulator.id }, 0);
      for (const { clockFacts } of cases) {
        for (const deadline of computeDeadlines(clockFacts, regulators, now)) {
          if (deadline.state === 'overdue') gauge.inc({ regulator: deadline.regulatorId });
        }
      }
    });
  }
}
