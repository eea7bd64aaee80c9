import { IsOptional } from 'class-validator';
import { STATEMENT_LANGUAGES, type StatementLanguage } from '#libs/domain';
import { IsInstant, IsOneOf } from '../cases/dto/validation-rules.js';

export class LetterQueryDto {
  /** Default: the regulator's own language (Indonesian for Indonesian regulators). */
  @IsOptional()
  @IsOneOf(STATEMENT_LANGUAGES)
  language?: StatementLanguage;
}

export class CaseReportQueryDto {
  @IsOptional()
  @IsOneOf(STATEMENT_LANGUAGES)
  language: StatementLanguage = 'en';

  /** The moment the legal clocks are shown as of (default now); the same facts and moment give the same bytes. */
  @IsOptional()
  @IsInstant()
  asOf?: string;
}
