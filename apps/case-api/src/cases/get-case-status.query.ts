import { Query } from '@nestjs/cqrs';
import type { CaseStatusDocument } from '#libs/read-models';

export class GetCaseStatusQuery extends Query<CaseStatusDocument | null> {
  constructor(readonly caseId: string) {
    super();
  }
}
