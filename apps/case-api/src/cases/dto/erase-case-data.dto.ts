import { IsText } from './validation-rules.js';

export class EraseCaseDataDto {
  /** Kept in clear with the erasure record (the event and the tombstone): it must name no one. */
  @IsText(1_000)
  reason!: string;
}

export class ErasureRecordDto {
  caseId!: string;
  /** The case version once the erasure was recorded. */
  version!: number;
  erasedAt!: string;
  erasedBy!: string;
  reason!: string;
}
