import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { STATEMENT_LANGUAGES, type StatementLanguage } from '#libs/domain';
import { ReadYourWritesQueryDto } from '../cases/dto/case-queries.dto.js';
import { IsInstant, IsNonBlankText } from '../cases/dto/validation-rules.js';

export class DraftHoldingStatementDto {
  @IsIn(STATEMENT_LANGUAGES, { message: `$property must be one of: ${STATEMENT_LANGUAGES.join(', ')}` })
  language!: StatementLanguage;

  /** Source system and vector stay out of the statement unless PR explicitly asks for them. */
  @IsOptional()
  @IsBoolean({ message: '$property must be true or false' })
  includeSourceDetails = false;

  /**
   * The drafter's own time for the next update (RFC 3339, after the time of drafting); default the profile's
   * `nextUpdateWithinHours` from now, on the next full hour inside its working hours.
   */
  @IsOptional()
  @IsInstant()
  nextUpdateAt?: string;
}

export class WithdrawHoldingStatementDto {
  @IsNonBlankText(2_000)
  reason!: string;
}

export class LatestStatementQueryDto extends ReadYourWritesQueryDto {
  @IsOptional()
  @IsIn(STATEMENT_LANGUAGES, { message: `$property must be one of: ${STATEMENT_LANGUAGES.join(', ')}` })
  language: StatementLanguage = 'id';
}
