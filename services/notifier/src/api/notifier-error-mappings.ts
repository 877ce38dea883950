import { domainErrorMappings, STATUS_BY_ERROR_KIND } from '@zoneledger/platform';

// The platform maps errors by code; the domain sorts its codes into kinds. This table lists the
// codes that are not rules (notifier-error-mappings.spec.ts checks it against every
// NotifierError), and `NOTIFIER.*` makes every other code a broken rule.
//
// NOTIFIER.NOT_OWNER (an analyst asking for another's subscription) is answered exactly as
// NOTIFIER.NOT_FOUND, code included (the message is already the same), so that a caller cannot
// tell another's subscription from none.
/** How notifier refusals read over HTTP: not_found 404, conflict 409, rule 422. */
export const NOTIFIER_ERROR_MAPPINGS = [
  { code: 'NOTIFIER.NOT_OWNER', status: STATUS_BY_ERROR_KIND.not_found, as: 'NOTIFIER.NOT_FOUND' },
  ...domainErrorMappings('NOTIFIER', {
    not_found: ['NOTIFIER.NOT_FOUND', 'NOTIFIER.NOTIFICATION_NOT_FOUND'],
    conflict: ['NOTIFIER.ALREADY_EXISTS', 'NOTIFIER.NOTIFICATION_PENDING'],
  }),
];
