import { domainErrorMappings } from '@zoneledger/platform';

// The platform maps errors by code; the domain sorts its codes into kinds. This table lists the
// codes that are not rules (policy-error-mappings.spec.ts checks it against every PolicyError),
// and `POLICY.*` makes every other code, present or future, a broken rule.
/** How PolicyErrors read over HTTP: not_found 404, conflict 409, rule 422. */
export const POLICY_ERROR_MAPPINGS = domainErrorMappings('POLICY', {
  not_found: ['POLICY.NOT_FOUND'],
  conflict: ['POLICY.ALREADY_ISSUED', 'POLICY.DOCUMENT_NUMBER_TAKEN', 'POLICY.ALREADY_SUPERSEDED'],
});
