import type { ErrorMapping } from '@zoneledger/platform';
import type { ZoneErrorKind } from '../domain/zone.errors';

/** The HTTP status of each kind of refusal. */
export const STATUS_BY_KIND: Readonly<Record<ZoneErrorKind, number>> = {
  not_found: 404,
  conflict: 409,
  rule: 422,
};

// The platform maps errors by code; the domain sorts its codes into kinds. This table lists the
// codes that are not rules (zone-error-mappings.spec.ts checks it against every ZoneError), and
// `ZONE.*` makes every other code, present or future, a broken rule.
const CODES_BY_KIND: Readonly<Record<Exclude<ZoneErrorKind, 'rule'>, readonly string[]>> = {
  not_found: ['ZONE.NOT_FOUND'],
  conflict: ['ZONE.ALREADY_REGISTERED', 'ZONE.NAME_TAKEN'],
};

/** How ZoneErrors read over HTTP: not_found 404, conflict 409, rule 422. */
export const ZONE_ERROR_MAPPINGS: readonly ErrorMapping[] = [
  ...Object.entries(CODES_BY_KIND).flatMap(([kind, codes]) =>
    codes.map((code) => ({ code, status: STATUS_BY_KIND[kind as ZoneErrorKind] })),
  ),
  { code: 'ZONE.*', status: STATUS_BY_KIND.rule },
];
