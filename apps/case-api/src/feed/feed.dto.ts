import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
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

export class AcknowledgeNotificationDto {
  /** Defaults to the time the acknowledgement is received. */
  @IsOptional()
  @IsInstant()
  acknowledgedAt?: string;

  @IsOptional()
  @IsText(200)
  reference?: string;
}
