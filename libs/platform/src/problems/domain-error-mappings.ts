import type { ErrorMapping } from './problem-mapping';

/**
 * How a domain's refusal reads to a caller: not_found, the aggregate does not exist; conflict, it
 * clashes with what the service already holds; rule, the command breaks a rule of the domain.
 */
export type DomainErrorKind = 'not_found' | 'conflict' | 'rule';

/** The HTTP status of each kind of refusal. */
export const STATUS_BY_ERROR_KIND: Readonly<Record<DomainErrorKind, number>> = {
  not_found: 404,
  conflict: 409,
  rule: 422,
};

/**
 * A domain's error mappings from its codes sorted by kind: the codes that are not rules listed,
 * and `<PREFIX>.*` making every other code of the domain, present or future, a broken rule (422).
 */
export function domainErrorMappings(
  prefix: string,
  codesByKind: Readonly<Record<Exclude<DomainErrorKind, 'rule'>, readonly string[]>>,
): ErrorMapping[] {
  const listed = Object.entries(codesByKind).flatMap(([kind, codes]) =>
    codes.map((code) => ({ code, status: STATUS_BY_ERROR_KIND[kind as DomainErrorKind] })),
  );
  return [...listed, { code: `${prefix}.*`, status: STATUS_BY_ERROR_KIND.rule }];
}
