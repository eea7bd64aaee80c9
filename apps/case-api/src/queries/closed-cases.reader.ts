import { Inject, Injectable } from '@nestjs/common';
import { Db } from 'mongodb';
import { type CaseListDocument, type CaseStatusDocument, ReadModelCatalog } from '#libs/read-models';
import type { ClosedCase } from '../retention/retention-plan.js';

/** Closed cases whose personal data has not been erased yet, with their closure times. */
@Injectable()
export class ClosedCasesReader {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(ReadModelCatalog) private readonly catalog: ReadModelCatalog,
  ) {}

  async notYetErased(): Promise<ClosedCase[]> {
    const list = this.db.collection<CaseListDocument>(await this.catalog.readCollection('case_list'));
    const statuses = this.db.collection<CaseStatusDocument>(await this.catalog.readCollection('case_status'));
    // The list's stage index finds the closed cases without reading a status per case; their statuses (closure time,
    // erasure) are then read by _id only.
    const closed = await list.find({ stage: 'closed' }, { projection: { _id: 1 } }).toArray();
    if (closed.length === 0) return [];
    const documents = await statuses
      .find({ _id: { $in: closed.map(({ _id }) => _id) } }, { projection: { caseId: 1, closure: 1, erasure: 1 } })
      .toArray();
    return documents.flatMap(({ caseId, closure, erasure }) =>
      closure && !erasure ? [{ caseId, closedAt: closure.closedAt }] : [],
    );
  }
}
