import { DomainRefusal, type CalendarDate, type RefusalKind } from '@zoneledger/shared-kernel';

/** How a zone refusal reads to a caller: not_found, conflict or rule (see RefusalKind). */
export type ZoneErrorKind = RefusalKind;

/** A command the zone register refuses, with a stable `ZONE.*` code clients can switch on. */
export abstract class ZoneError extends DomainRefusal {
  abstract override readonly code: `ZONE.${string}`;
}

/** The zone has no stream: it was never registered (nor created by a merger). */
export class ZoneNotFoundError extends ZoneError {
  readonly code = 'ZONE.NOT_FOUND';
  readonly kind = 'not_found';
  constructor(readonly zoneId: string) {
    super(`zone ${zoneId} is not registered`);
  }
}

/** The zone id is taken: registering it (or creating it by a merger) again is refused. */
export class ZoneAlreadyRegisteredError extends ZoneError {
  readonly code = 'ZONE.ALREADY_REGISTERED';
  readonly kind = 'conflict';
  constructor(readonly zoneId: string) {
    super(`zone ${zoneId} is already registered`);
  }
}

/** Another zone in the register, at the same level, bears the name. */
export class ZoneNameTakenError extends ZoneError {
  readonly code = 'ZONE.NAME_TAKEN';
  readonly kind = 'conflict';
  constructor(
    readonly takenName: string,
    readonly takenBy: string,
  ) {
    super(`the name "${takenName}" is borne by zone ${takenBy} at the same level`);
  }
}

/** The zone was merged or exited: only corrections are accepted. */
export class ZoneNotActiveError extends ZoneError {
  readonly code = 'ZONE.NOT_ACTIVE';
  readonly kind = 'rule';
  constructor(
    readonly zoneId: string,
    readonly status: 'merged' | 'exited',
  ) {
    super(`zone ${zoneId} is ${status}: only corrections are accepted`);
  }
}

/** A merger's surviving zone was itself merged or exited. */
export class MergerTargetNotActiveError extends ZoneError {
  readonly code = 'ZONE.TARGET_NOT_ACTIVE';
  readonly kind = 'rule';
  constructor(
    readonly zoneId: string,
    readonly status: 'merged' | 'exited',
  ) {
    super(`zone ${zoneId} is ${status}: no zone can be merged into it`);
  }
}

/** A merger names its surviving zone among the absorbed ones. */
export class MergeIntoSelfError extends ZoneError {
  readonly code = 'ZONE.MERGE_INTO_SELF';
  readonly kind = 'rule';
  constructor(readonly zoneId: string) {
    super(`zone ${zoneId} cannot absorb itself`);
  }
}

/** A merger lists the same absorbed zone twice. */
export class DuplicateZoneInMergerError extends ZoneError {
  readonly code = 'ZONE.DUPLICATE_ZONE_IN_MERGER';
  readonly kind = 'rule';
  constructor(readonly zoneId: string) {
    super(`zone ${zoneId} is listed more than once in the merger`);
  }
}

/** A merger absorbs no zone. */
export class MergerTooSmallError extends ZoneError {
  readonly code = 'ZONE.MERGER_TOO_SMALL';
  readonly kind = 'rule';
  constructor() {
    super('a merger absorbs at least one zone');
  }
}

/** Only a provincial zone can be upgraded to national level. */
export class ZoneAlreadyNationalError extends ZoneError {
  readonly code = 'ZONE.ALREADY_NATIONAL';
  readonly kind = 'rule';
  constructor(readonly zoneId: string) {
    super(`zone ${zoneId} is already a national zone`);
  }
}

/** Only a national zone can be downgraded. */
export class ZoneNotNationalError extends ZoneError {
  readonly code = 'ZONE.NOT_NATIONAL';
  readonly kind = 'rule';
  constructor(readonly zoneId: string) {
    super(`zone ${zoneId} is not a national zone`);
  }
}

/** Not one of China's 31 province-level divisions (by official or short name). */
export class UnknownProvinceError extends ZoneError {
  readonly code = 'ZONE.UNKNOWN_PROVINCE';
  readonly kind = 'rule';
  constructor(readonly province: string) {
    super(`"${province}" is not a province-level division of mainland China`);
  }
}

/** A zone needs a Chinese name. */
export class ZoneNameRequiredError extends ZoneError {
  readonly code = 'ZONE.NAME_REQUIRED';
  readonly kind = 'rule';
  constructor() {
    super('a zone needs its official Chinese name');
  }
}

/** Not a calendar date (month 13, 30 February, a day without its month). */
export class InvalidDateError extends ZoneError {
  readonly code = 'ZONE.INVALID_DATE';
  readonly kind = 'rule';
  constructor(
    readonly field: string,
    readonly date: CalendarDate,
  ) {
    super(`${field} is not a calendar date: ${JSON.stringify(date)}`);
  }
}

/** The register records what has taken effect; a date after today (in China) is refused. */
export class DateInFutureError extends ZoneError {
  readonly code = 'ZONE.DATE_IN_FUTURE';
  readonly kind = 'rule';
  constructor(
    readonly field: string,
    readonly date: CalendarDate,
  ) {
    super(`${field} ${JSON.stringify(date)} has not come yet`);
  }
}

/** Nothing can happen to a zone before it was first approved. */
export class DateBeforeApprovalError extends ZoneError {
  readonly code = 'ZONE.DATE_BEFORE_APPROVAL';
  readonly kind = 'rule';
  constructor(
    readonly zoneId: string,
    readonly date: CalendarDate,
    readonly approvedOn: CalendarDate,
  ) {
    super(
      `${JSON.stringify(date)} precedes zone ${zoneId}'s approval on ${JSON.stringify(approvedOn)}`,
    );
  }
}
