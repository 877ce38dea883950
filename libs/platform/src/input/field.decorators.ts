import { applyDecorators } from '@nestjs/common';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDate,
  IsDefined,
  IsInt,
  IsObject,
  IsString,
  Length,
  Max,
  Min,
  ValidateBy,
  ValidateIf,
  ValidateNested,
  type ValidationArguments,
} from 'class-validator';
import { parseRfc3339 } from './rfc3339';
import { forbiddenCharacterIn, forbiddenInLine } from './text-content';

// What every service's DTOs use instead of class-validator's looser defaults: IsOptional lets
// null through to code whose type forbids it, and @Type(() => Number) reads "0x10" as 16.

export interface OptionalOptions {
  /** Whether null is a value of its own (e.g. "not known after all"); by default it is refused. */
  readonly nullable?: boolean;
}

/** The field may be left out; when present it must pass the other rules, and null only if nullable. */
export function Optional(options: OptionalOptions = {}): PropertyDecorator {
  if (options.nullable)
    return ValidateIf((_object, value) => value !== undefined && value !== null);
  return applyDecorators(
    ValidateIf((_object, value) => value !== undefined),
    IsDefined({ message: '$property may be left out, but not null' }),
  );
}

export interface TextOptions {
  readonly max: number;
  /** Characters after trimming; 1 by default, so blank text is refused. */
  readonly min?: number;
  /** Whether line breaks and tabs are allowed (descriptions); names and ids are one line. */
  readonly multiline?: boolean;
  /** The field is an array, and each item is such text. */
  readonly each?: boolean;
}

/**
 * A string of `min` to `max` characters once surrounding whitespace is trimmed, holding no
 * control character (and, unless multiline, no line break).
 */
export function Text(options: TextOptions): PropertyDecorator {
  const check = options.multiline ? forbiddenCharacterIn : forbiddenInLine;
  const each = { each: options.each ?? false };
  const trim = (value: unknown) => (typeof value === 'string' ? value.trim() : value);
  return applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      options.each && Array.isArray(value) ? value.map(trim) : trim(value),
    ),
    IsString(each),
    Length(options.min ?? 1, options.max, each),
    ValidateBy(
      {
        name: 'isText',
        validator: {
          validate: (value: unknown) => typeof value === 'string' && check(value) === undefined,
          defaultMessage: (args?: ValidationArguments) =>
            `${args?.property} ${textProblem(args?.value, check)}`,
        },
      },
      each,
    ),
  );
}

function textProblem(value: unknown, check: (text: string) => string | undefined): string {
  const texts = Array.isArray(value) ? value : [value];
  for (const text of texts) {
    const problem = typeof text === 'string' ? check(text) : undefined;
    if (problem) return problem;
  }
  return 'is not text';
}

/** A nested object of the given class (not null, not an array), validated by its own rules. */
export function Nested(type: () => Function): PropertyDecorator {
  return applyDecorators(
    IsObject({ message: '$property must be an object' }),
    ValidateNested(),
    Type(type),
  );
}

/**
 * A list of nested objects of the given class, each validated by its own rules: at least `min`
 * (default none) and at most `max` items, each an object (not null, not an array), named `item`
 * in the refusal ("each zone must be an object").
 */
export function NestedList(
  type: () => Function,
  bounds: { readonly min?: number; readonly max: number; readonly item: string },
): PropertyDecorator {
  return applyDecorators(
    IsArray(),
    ...(bounds.min === undefined ? [] : [ArrayMinSize(bounds.min)]),
    ArrayMaxSize(bounds.max),
    IsObject({ each: true, message: `each ${bounds.item} must be an object` }),
    ValidateNested({ each: true }),
    Type(type),
  );
}

/** The deepest page offset a list serves: deeper pages are a sign of a crawl, not of a reader. */
export const MAX_PAGE_OFFSET = 10_000_000;

/** Decimal digits only: no sign, no exponent, no hex, no leading zeros, at most 15 digits. */
const DECIMAL_INTEGER = /^(0|[1-9]\d{0,14})$/;

/** A query parameter holding a whole number from `min` to `max`, in decimal digits only. */
export function QueryInteger(bounds: {
  readonly min: number;
  readonly max: number;
}): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' && DECIMAL_INTEGER.test(value) ? Number(value) : value,
    ),
    IsInt({ message: '$property must be a whole number in decimal digits' }),
    Min(bounds.min),
    Max(bounds.max),
  );
}

/** A query parameter holding an RFC 3339 date-time of a moment that exists. */
export function QueryDateTime(): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' ? (parseRfc3339(value) ?? value) : value,
    ),
    IsDate({
      message:
        '$property must be an RFC 3339 date-time of a real moment, e.g. 2024-01-31T08:00:00Z',
    }),
  );
}
