import { Type } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';

export class ConsistencyQueryDto {
  /** The older tree size (a checkpoint you kept). */
  @Type(() => Number)
  @IsInt({ message: '$property must be an integer' })
  @Min(1, { message: '$property must be at least 1' })
  from!: number;

  /** The newer tree size, at most the latest checkpoint's. */
  @Type(() => Number)
  @IsInt({ message: '$property must be an integer' })
  @Min(1, { message: '$property must be at least 1' })
  to!: number;
}

export class EvidenceQueryDto {
  /** The tree size of a checkpoint you kept: the bundle then proves the log only grew since. */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '$property must be an integer' })
  @Min(1, { message: '$property must be at least 1' })
  since?: number;
}
