import { applyDecorators } from '@nestjs/common';
import {
  IsISO8601,
  IsIn,
  IsInt,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  registerDecorator,
  type ValidationOptions,
} from 'class-validator';

const MAX_COUNT = 100_000_000_000;
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

/** RFC 3339 date-times only: ISO-8601 also allows week and ordinal dates that JavaScript's Date cannot read. */
const RFC_3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

export const IsInstant = () =>
  applyDecorators(
    IsISO8601({ strict: true, strictSeparator: true }, { message: '$property must be an ISO-8601 date-time' }),
    Matches(RFC_3339, { message: '$property must be a date-time such as 2021-05-20T03:00:00Z' }),
  );

export const IsOneOf = (values: readonly string[]) =>
  IsIn(values as string[], { message: `$property must be one of: ${values.join(', ')}` });

/**
 * One of a vocabulary whose values each carry a description (value → description): validated like IsOneOf and
 * documented as an enum whose values are described one by one (`x-enum-descriptions` and the description's list).
 */
export function IsOneOfDescribed(catalogue: Readonly<Record<string, string>>) {
  const values = Object.keys(catalogue);
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isOneOfDescribed',
      target: object.constructor,
      propertyName,
      constraints: [catalogue],
      options: { message: `$property must be one of: ${values.join(', ')}` },
      validator: { validate: (value: unknown) => typeof value === 'string' && Object.hasOwn(catalogue, value) },
    });
}

export const IsEachOneOf = (values: readonly string[]) =>
  IsIn(values as string[], { each: true, message: `each of $property must be one of: ${values.join(', ')}` });

export const IsText = (max: number, min = 1) =>
  applyDecorators(
    IsString({ message: '$property must be a string' }),
    Length(min, max, { message: `$property must be ${min}-${max} characters` }),
    // A lone surrogate has no UTF-8 form: it could not be stored, hashed or sent as it was received.
    Matches(/^[^\ud800-\udfff]*$/u, { message: '$property must be well-formed Unicode text' }),
  );

/** Text a command cannot do without: more than white space. */
export const IsNonBlankText = (max: number) =>
  applyDecorators(IsText(max), Matches(/\S/, { message: '$property must not be blank' }));

export const IsCount = (min = 0) =>
  applyDecorators(
    IsInt({ message: '$property must be an integer' }),
    Min(min, { message: `$property must be at least ${min}` }),
    Max(MAX_COUNT, { message: `$property must be at most ${MAX_COUNT}` }),
  );

/** Notification content: field name → text, with names safe as MongoDB keys (no '.', no '$'). */
export function IsTextFields(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isTextFields',
      target: object.constructor,
      propertyName,
      options: {
        message:
          '$property must be an object of at most 40 fields named [A-Za-z][A-Za-z0-9_-]* with 1-20000 character texts',
        ...options,
      },
      validator: {
        validate(value: unknown) {
          if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
          const entries = Object.entries(value);
          return (
            entries.length > 0 &&
            entries.length <= 40 &&
            entries.every(
              ([key, text]) =>
                FIELD_NAME.test(key) && typeof text === 'string' && text.length > 0 && text.length <= 20_000,
            )
          );
        },
      },
    });
}
