import type { Type } from '@nestjs/common';
import { getSchemaPath } from '@nestjs/swagger';

/**
 * The schema of a value that takes one of several shapes, told apart by one property (a status's
 * `kind`, a history entry's `type`): a oneOf of the shapes, with the discriminator that maps each
 * value of the property to its shape, so generated clients get a tagged union.
 */
export function discriminatedUnion(
  propertyName: string,
  shapes: Readonly<Record<string, Type<unknown>>>,
): {
  oneOf: { $ref: string }[];
  discriminator: { propertyName: string; mapping: Record<string, string> };
} {
  const mapping = Object.fromEntries(
    Object.entries(shapes).map(([value, shape]) => [value, getSchemaPath(shape)]),
  );
  return {
    oneOf: Object.values(mapping).map(($ref) => ({ $ref })),
    discriminator: { propertyName, mapping },
  };
}
