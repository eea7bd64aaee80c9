import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import {
  JURISDICTIONS,
  type Jurisdiction,
  REPORT_CHANNELS,
  type ReportChannel,
  STATEMENT_LANGUAGES,
  type StatementLanguage,
} from '#libs/domain';
import { CASE_STAGES, type CaseStage } from '#libs/read-models';
import { IsInstant, IsOneOf, IsText } from './validation-rules.js';

export class ReadYourWritesQueryDto {
  /** Wait (up to 2 s) until the read model reflects at least this case version. */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '$property must be an integer' })
  @Min(1, { message: '$property must be at least 1' })
  @Max(1_000_000_000)
  minVersion?: number;
}

export class CaseStatusQueryDto extends ReadYourWritesQueryDto {
  /** The language the deadlines name the regulators in; default `en`. */
  @IsOptional()
  @IsOneOf(STATEMENT_LANGUAGES)
  language: StatementLanguage = 'en';
}

export class PageQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '$property must be an integer' })
  @Min(1, { message: '$property must be at least 1' })
  @Max(100, { message: '$property must be at most 100' })
  limit = 20;

  /** Opaque: the `nextCursor` of the previous page. */
  @IsOptional()
  @IsText(200)
  cursor?: string;
}

export class ListCasesQueryDto extends PageQueryDto {
  @IsOptional()
  @IsOneOf(CASE_STAGES)
  stage?: CaseStage;

  @IsOptional()
  @IsOneOf(JURISDICTIONS)
  jurisdiction?: Jurisdiction;

  @IsOptional()
  @IsOneOf(REPORT_CHANNELS)
  channel?: ReportChannel;

  @IsOptional()
  @IsInstant()
  openedAfter?: string;

  @IsOptional()
  @IsInstant()
  openedBefore?: string;

  /** true: only cases with a legal clock past due and no notification; false: only the others. */
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: '$property must be true or false' })
  overdue?: boolean;

  /** Searches titles, case- and accent-insensitive. */
  @IsOptional()
  @IsText(100)
  q?: string;
}

export class TimelineQueryDto extends PageQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '$property must be an integer' })
  @Min(1, { message: '$property must be at least 1' })
  @Max(1_000_000_000)
  minVersion?: number;
}
