import { Inject, Injectable } from '@nestjs/common';
import { Metrics } from '#libs/platform';
import { RegulatorRegistry } from '#libs/regulators';
import { CaseDeadlines } from '../queries/case-deadlines.js';

/** Legal clocks past due without a notification, counted when scraped. */
@Injectable()
export class OverdueNotificationsGauge {
  constructor(
    @Inject(Metrics) metrics: Metrics,
    @Inject(CaseDeadlines) deadlines: CaseDeadlines,
    @Inject(RegulatorRegistry) registry: RegulatorRegistry,
  ) {
    metrics.gauge(
      'breachline_overdue_notifications',
      'Regulator notifications past their legal deadline',
      ['regulator'],
      async (gauge) => {
        const cases = await deadlines.ofAllCases();
        gauge.reset();
        for (const regulator of await registry.definitions()) gauge.set({ regulator: regulator.id }, 0);
        for (const deadline of cases.flatMap((c) => c.deadlines)) {
          if (deadline.state === 'overdue') gauge.inc({ regulator: deadline.regulatorId });
        }
      },
    );
  }
}
