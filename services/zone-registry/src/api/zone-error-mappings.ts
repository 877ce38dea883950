import { domainErrorMappings, STATUS_BY_ERROR_KIND } from '@zoneledger/platform';

/** The HTTP status of each kind of refusal. */
export const STATUS_BY_KIND = STATUS_BY_ERROR_KIND;

// The platform maps errors by code; the domain sorts its codes into kinds. This table lists the
// codes that are not rules (zone-error-mappings.spec.ts checks it against every ZoneError), and
// `ZONE.*` makes every other code, present or future, a broken rule.
/** How ZoneErrors read over HTTP: not_found 404, conflict 409, rule 422. */
export const ZONE_ERROR_MAPPINGS = domainErrorMappings('ZONE', {
  not_found: ['ZONE.NOT_FOUND'],
  conflict: ['ZONE.ALREADY_REGISTERED', 'ZONE.NAME_TAKEN'],
});
