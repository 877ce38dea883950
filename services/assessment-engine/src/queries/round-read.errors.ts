import { DomainRefusal } from '@zoneledger/shared-kernel';

/** The engine's read models know no such round (yet: they follow the events by moments). */
export class RoundNotKnownError extends DomainRefusal {
  readonly code = 'ASSESSMENT.ROUND_NOT_FOUND';
  readonly kind = 'not_found';
  constructor(readonly roundId: string) {
    super(`no round ${roundId} is known`);
  }
}

/** The engine knows no such methodology (or version). */
export class MethodologyNotKnownError extends DomainRefusal {
  readonly code = 'ASSESSMENT.METHODOLOGY_NOT_FOUND';
  readonly kind = 'not_found';
  constructor(
    readonly methodologyId: string,
    readonly version?: number,
  ) {
    super(
      version === undefined
        ? `no methodology ${methodologyId} is known`
        : `methodology ${methodologyId} has no version ${version}`,
    );
  }
}

/** The zone has no score in the round's values (not in its population, or no value). */
export class ZoneNotScoredError extends DomainRefusal {
  readonly code = 'ASSESSMENT.ZONE_NOT_SCORED';
  readonly kind = 'not_found';
  constructor(
    readonly roundId: string,
    readonly zoneId: string,
  ) {
    super(`zone ${zoneId} has no score in round ${roundId}`);
  }
}
