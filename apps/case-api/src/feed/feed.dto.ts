import { Type } from 'class-transformer';
import { IsDefined, IsInt, IsOptional, IsUUID, Max, Min, ValidateIf } from 'class-validator';
import type { RecordRegulatorAcknowledgement, Unstamped } from '#libs/domain';
import { IsInstant, IsText } from '../cases/dto/validation-rules.js';

export class FeedQueryDto {
  /** The `nextCursor` of the previous answer (a sequence number); 0 or absent = from the start. */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '$property must be an integer' })
  @Min(0, { message: '$property must be at least 0' })
  after = 0;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '$property must be an integer' })
  @Min(1, { message: '$property must be at least 1' })
  @Max(100, { message: '$property must be at most 100' })
  limit = 50;
}

const readsYourWrites = (query: FeedPullQueryDto) => query.caseId !== undefined || query.minVersion !== undefined;

/**
 * Read-your-writes across cases: the feed spans every case notified to you, so a version means something only with
 * its case. `caseId` and `minVersion` go together.
 */
export class FeedPullQueryDto extends FeedQueryDto {
  /** With `minVersion`: the case whose version to wait for, one with a notification addressed to you. */
  @ValidateIf(readsYourWrites)
  @IsDefined({ message: '$property must be given with minVersion' })
  @IsUUID('4', { message: '$property must be a case id (UUID)' })
  caseId?: string;

  /**
   * With `caseId`: wait (up to 2 s) until the feed holds everything of that case addressed to you up to this case
   * version (a command's `version`, or an item's `caseversion`).
   */
  @ValidateIf(readsYourWrites)
  @IsDefined({ message: '$property must be given with caseId' })
  @Type(() => Number)
  @IsInt({ message: '$property must be an integer' })
  @Min(1, { message: '$property must be at least 1' })
  @Max(1_000_000_000)
  minVersion?: number;
}

export class AcknowledgeNotificationDto {
  /** Defaults to the time the acknowledgement is received. */
  @IsOptional()
  @IsInstant()
  acknowledgedAt?: string;

  @IsOptional()
  @IsText(200)
  reference?: string;

  /** The regulator is the caller's (its API key); left without a time, the acknowledgement is dated on arrival. */
  static toCommand(
    dto: AcknowledgeNotificationDto,
    caseId: string,
    notificationId: string,
    regulatorId: string,
  ): Unstamped<RecordRegulatorAcknowledgement> {
    const { acknowledgedAt, reference } = dto;
    return {
      type: 'RecordRegulatorAcknowledgement',
      data: { caseId, notificationId, regulatorId, acknowledgedAt, reference: reference || undefined },
    };
  }
}
