import { Type } from 'class-transformer';
import { IsEmail, IsIn, IsInt, IsOptional, Matches, Max, Min, ValidateNested } from 'class-validator';
import { IsCount, IsText } from '../cases/dto/validation-rules.js';

const SUBJECT_NOUNS = ['members', 'customers', 'users'] as const;

export class MemberCountDto {
  @IsCount()
  count!: number;

  @Matches(/^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/, { message: '$property must be YYYY-MM or YYYY-MM-DD' })
  asOf!: string;

  @IsIn(SUBJECT_NOUNS, { message: `$property must be one of: ${SUBJECT_NOUNS.join(', ')}` })
  noun!: (typeof SUBJECT_NOUNS)[number];
}

export class SpokespersonDto {
  @IsOptional()
  @IsText(200)
  name?: string;

  @IsOptional()
  @IsEmail({}, { message: '$property must be an email address' })
  email?: string;

  @IsOptional()
  @Matches(/^\+?[0-9 ()-]{5,30}$/, { message: '$property must be a phone number' })
  phone?: string;
}

/** Who speaks in holding statements: the organisation's public facts only. */
export class OrganisationProfileDto {
  @IsText(200)
  name!: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => MemberCountDto)
  memberCount?: MemberCountDto;

  @IsOptional()
  @IsIn(SUBJECT_NOUNS, { message: `$property must be one of: ${SUBJECT_NOUNS.join(', ')}` })
  subjectNoun?: (typeof SUBJECT_NOUNS)[number];

  @IsOptional()
  @ValidateNested()
  @Type(() => SpokespersonDto)
  spokesperson?: SpokespersonDto;

  @IsOptional()
  @IsInt({ message: '$property must be an integer' })
  @Min(1)
  @Max(168)
  nextUpdateWithinHours?: number;

  @IsOptional()
  @Matches(/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+){0,2}$|^UTC$/, { message: '$property must be an IANA time zone' })
  timeZone?: string;
}
