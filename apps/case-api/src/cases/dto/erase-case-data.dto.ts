import type { EraseCaseData, Unstamped } from '#libs/domain';
import { IsNonBlankText } from './validation-rules.js';

export class EraseCaseDataDto {
  /** Kept in clear with the erasure record (the event and the tombstone): it must name no one. */
  @IsNonBlankText(1_000)
  reason!: string;

  static toCommand(reason: string, caseId: string): Unstamped<EraseCaseData> {
    return { type: 'EraseCaseData', data: { caseId, reason } };
  }
}

export class ErasureRecordDto {
  caseId!: string;
  /** The case version once the erasure was recorded. */
  version!: number;
  erasedAt!: string;
  erasedBy!: string;
  reason!: string;
}
