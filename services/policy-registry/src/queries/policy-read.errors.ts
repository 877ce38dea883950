import { DomainError } from '@zoneledger/platform';

/** No policy of that id was issued, as the register knew it at the moment asked. */
export class PolicyNotKnownError extends DomainError {
  readonly code = 'POLICY.NOT_FOUND';
  override readonly status = 404;

  constructor(policyId: string, asOf: Date) {
    super(`no policy ${policyId} was on record at ${asOf.toISOString()}`);
  }
}

/** The zones topic had brought no zone of that id by the moment asked. */
export class ZoneNotKnownError extends DomainError {
  readonly code = 'POLICY.ZONE_NOT_FOUND';
  override readonly status = 404;

  constructor(zoneId: string, asOf: Date) {
    super(`no zone ${zoneId} was on record at ${asOf.toISOString()}`);
  }
}
