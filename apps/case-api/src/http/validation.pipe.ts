import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { type FieldError, FieldValidationException } from './problem-details.filter.js';

/** Whitelisted, unknown fields refused, values transformed; errors name the full field path and the rule. */
export const createValidationPipe = () =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new FieldValidationException(flatten(errors)),
  });

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({ field, rule, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
