import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsEmail,
  IsInt,
  IsOptional,
  Matches,
  Max,
  Min,
  registerDecorator,
  ValidateNested,
  type ValidationArguments,
} from 'class-validator';
import { BUILT_IN_SUBJECT_NOUNS, STATEMENT_LANGUAGES, type SubjectNoun, WEEKDAYS, type Weekday } from '#libs/domain';
import { IsCount, IsEachOneOf, IsText } from '../cases/dto/validation-rules.js';

const MAX_NOUN_LENGTH = 60;

/**
 * A built-in word (`members`, `customers`, `users`) or the organisation's own noun per statement language,
 * `{ "en": "policyholders", "id": "pemegang polis" }`: at least one language, each 1-60 characters. Which
 * languages a statement may be drafted in follows from it (the domain refuses the others).
 */
export function IsSubjectNoun() {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isSubjectNoun',
      target: object.constructor,
      propertyName,
      constraints: [BUILT_IN_SUBJECT_NOUNS, STATEMENT_LANGUAGES, MAX_NOUN_LENGTH],
      options: {
        message:
          `$property must be one of: ${BUILT_IN_SUBJECT_NOUNS.join(', ')}, or a noun per language ` +
          `(${STATEMENT_LANGUAGES.join(', ')}; at least one, 1-${MAX_NOUN_LENGTH} characters each) such as ` +
          '{ "en": "policyholders", "id": "pemegang polis" }',
      },
      validator: {
        validate(value: unknown) {
          if (typeof value === 'string') return (BUILT_IN_SUBJECT_NOUNS as readonly string[]).includes(value);
          if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
          const entries = Object.entries(value);
          return (
            entries.length > 0 &&
            entries.every(
              ([language, noun]) =>
                (STATEMENT_LANGUAGES as readonly string[]).includes(language) &&
                typeof noun === 'string' &&
                noun.trim() !== '' &&
                noun.length <= MAX_NOUN_LENGTH,
            )
          );
        },
      },
    });
}

export class MemberCountDto {
  @IsCount()
  count!: number;

  @Matches(/^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/, { message: '$property must be YYYY-MM or YYYY-MM-DD' })
  asOf!: string;

  @IsSubjectNoun()
  noun!: SubjectNoun;
}

const FULL_HOUR = /^([01]\d|2[0-3]):00$/;

/** `end` must come after `start` on the same day (working hours do not run past midnight). */
function IsAfterStart() {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isAfterStart',
      target: object.constructor,
      propertyName,
      options: { message: '$property must be later than start (working hours end on the day they start)' },
      validator: {
        validate(value: unknown, { object: hours }: ValidationArguments) {
          const { start } = hours as { start?: unknown };
          return typeof value !== 'string' || typeof start !== 'string' || !FULL_HOUR.test(start) || value > start;
        },
      },
    });
}

/** When PR publishes updates, in the profile's time zone: a promised update falls on a full hour inside them. */
export class WorkingHoursDto {
  @Matches(FULL_HOUR, { message: '$property must be a full hour, HH:00 (00:00-23:00)' })
  start!: string;

  @Matches(FULL_HOUR, { message: '$property must be a full hour, HH:00 (00:00-23:00)' })
  @IsAfterStart()
  end!: string;

  /** Default every day. */
  @IsOptional()
  @IsArray({ message: '$property must be a list of days' })
  @ArrayMinSize(1, { message: '$property must name at least one day' })
  @ArrayMaxSize(7)
  @ArrayUnique({ message: '$property must not name a day twice' })
  @IsEachOneOf(WEEKDAYS)
  days?: Weekday[];
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
  @IsSubjectNoun()
  subjectNoun?: SubjectNoun;

  @IsOptional()
  @ValidateNested()
  @Type(() => SpokespersonDto)
  spokesperson?: SpokespersonDto;

  @IsOptional()
  @IsInt({ message: '$property must be an integer' })
  @Min(1)
  @Max(168)
  nextUpdateWithinHours?: number;

  /** Default 09:00-18:00 every day. */
  @IsOptional()
  @ValidateNested()
  @Type(() => WorkingHoursDto)
  workingHours?: WorkingHoursDto;

  @IsOptional()
  @Matches(/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+){0,2}$|^UTC$/, { message: '$property must be an IANA time zone' })
  timeZone?: string;
}
