import { ValidationPipe } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import { ValidationFailedError, type FieldError } from './request-errors';

/**
 * Flattens class-validator's error tree into one entry per failed constraint, each with the path
 * of its field: array items as `[i]`, nested objects as `.name` (`mergers[1].zoneId`).
 */
export function fieldErrorsOf(errors: readonly ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = /^\d+$/.test(error.property)
      ? `${parent}[${error.property}]`
      : parent === ''
        ? error.property
        : `${parent}.${error.property}`;
    const own = Object.entries(error.constraints ?? {}).map(([code, message]) => ({
      field,
      code,
      message,
    }));
    return [...own, ...fieldErrorsOf(error.children ?? [], field)];
  });
}

/**
 * The global pipe: DTOs are transformed into their classes, unknown properties are refused
 * rather than silently dropped, and failures become VALIDATION.FAILED with field errors.
 */
export function platformValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    // One message per field is enough to fix it, and keeps answers small.
    stopAtFirstError: true,
    exceptionFactory: (errors) => new ValidationFailedError(fieldErrorsOf(errors)),
  });
}
