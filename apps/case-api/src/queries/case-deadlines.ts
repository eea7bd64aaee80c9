import { Inject, Injectable } from '@nestjs/common';
import { Db } from 'mongodb';
import { computeDeadlines, type DeadlineStatus } from '#libs/domain';
import { type CaseStatusDocument, ReadModelCatalog } from '#libs/read-models';
import { RegulatorRegistry } from '#libs/regulators';

/** Every case's legal clocks as of now: time alone makes a clock overdue, so they are computed at read time. */
@Injectable()
export class CaseDeadlines {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(ReadModelCatalog) private readonly catalog: ReadModelCatalog,
    @Inject(RegulatorRegistry) private readonly registry: RegulatorRegistry,
  ) {}

  async ofAllCases(now = new Date()): Promise<{ caseId: string; deadlines: DeadlineStatus[] }[]> {
    const statuses = this.db.collection<CaseStatusDocument>(await this.catalog.readCollection('case_status'));
    const regulators = await this.registry.definitions();
    const cases = await statuses.find({}, { projection: { caseId: 1, clockFacts: 1 } }).toArray();
    return cases.map(({ caseId, clockFacts }) => ({
      caseId,
      deadlines: computeDeadlines(clockFacts, regulators, now),
    }));
  }
}
