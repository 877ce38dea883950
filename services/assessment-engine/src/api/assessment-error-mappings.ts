import { domainErrorMappings } from '@zoneledger/platform';

// The platform maps errors by code; the domain sorts its codes into kinds. This table lists the
// codes that are not rules (assessment-error-mappings.spec.ts checks it against every
// AssessmentError and the read errors), and `ASSESSMENT.*` makes every other code a broken rule.
/** How assessment refusals read over HTTP: not_found 404, conflict 409, rule 422. */
export const ASSESSMENT_ERROR_MAPPINGS = domainErrorMappings('ASSESSMENT', {
  not_found: [
    'ASSESSMENT.METHODOLOGY_NOT_FOUND',
    'ASSESSMENT.ROUND_NOT_FOUND',
    'ASSESSMENT.ZONE_NOT_SCORED',
  ],
  conflict: [
    'ASSESSMENT.METHODOLOGY_VERSION_NOT_NEXT',
    'ASSESSMENT.METHODOLOGY_VERSION_EXISTS',
    'ASSESSMENT.ALREADY_SUBMITTED',
    'ASSESSMENT.ROUND_ALREADY_OPENED',
    'ASSESSMENT.SCORES_STALE',
  ],
});
