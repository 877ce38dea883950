import { DomainRefusal, type CalendarDate, type RefusalKind } from '@zoneledger/shared-kernel';

/** How a policy refusal reads to a caller: not_found, conflict or rule (see RefusalKind). */
export type PolicyErrorKind = RefusalKind;

/** A command the policy registry refuses, with a stable `POLICY.*` code clients can switch on. */
export abstract class PolicyError extends DomainRefusal {
  abstract override readonly code: `POLICY.${string}`;
}

/** The policy has no stream: it was never issued. */
export class PolicyNotFoundError extends PolicyError {
  readonly code = 'POLICY.NOT_FOUND';
  readonly kind = 'not_found';
  constructor(readonly policyId: string) {
    super(`policy ${policyId} was never issued`);
  }
}

/** The policy id is taken: issuing it again is refused. */
export class PolicyAlreadyIssuedError extends PolicyError {
  readonly code = 'POLICY.ALREADY_ISSUED';
  readonly kind = 'conflict';
  constructor(readonly policyId: string) {
    super(`policy ${policyId} is already issued`);
  }
}

/** Another policy of the same issuer bears the document number. */
export class DocumentNumberTakenError extends PolicyError {
  readonly code = 'POLICY.DOCUMENT_NUMBER_TAKEN';
  readonly kind = 'conflict';
  constructor(
    readonly documentNumber: string,
    readonly takenBy: string,
  ) {
    super(`${documentNumber} is policy ${takenBy} of the same issuer`);
  }
}

/** A repealed policy takes no more changes (no amendment, supersession, grant or second repeal). */
export class PolicyRepealedError extends PolicyError {
  readonly code = 'POLICY.REPEALED';
  readonly kind = 'rule';
  constructor(readonly policyId: string) {
    super(`policy ${policyId} is repealed: it takes no more changes`);
  }
}

/** A policy is superseded once; another policy already superseded it. */
export class PolicyAlreadySupersededError extends PolicyError {
  readonly code = 'POLICY.ALREADY_SUPERSEDED';
  readonly kind = 'conflict';
  constructor(
    readonly policyId: string,
    readonly supersededBy: string,
  ) {
    super(`policy ${policyId} is already superseded by ${supersededBy}`);
  }
}

/** Nothing changes a policy's text from the day it is superseded. */
export class PolicySupersededError extends PolicyError {
  readonly code = 'POLICY.SUPERSEDED';
  readonly kind = 'rule';
  constructor(
    readonly policyId: string,
    readonly since: CalendarDate,
  ) {
    super(`policy ${policyId} is superseded from ${JSON.stringify(since)}`);
  }
}

/** Zones can be granted a policy's powers only on a date the policy is in force. */
export class PolicyNotInForceError extends PolicyError {
  readonly code = 'POLICY.NOT_IN_FORCE';
  readonly kind = 'rule';
  constructor(
    readonly policyId: string,
    readonly on: CalendarDate,
    readonly standing: string,
  ) {
    super(`policy ${policyId} is not in force on ${JSON.stringify(on)}: ${standing}`);
  }
}

/** A policy cannot be superseded, or implemented, by one issued before it. */
export class LinkToLaterPolicyError extends PolicyError {
  readonly code = 'POLICY.LINK_TO_LATER_POLICY';
  readonly kind = 'rule';
  constructor(
    readonly link: 'supersedes' | 'implements',
    readonly policyId: string,
    readonly byPolicyId: string,
  ) {
    const verb = link === 'supersedes' ? 'superseded' : 'implemented';
    super(`policy ${policyId} cannot be ${verb} by ${byPolicyId}, which was issued before it`);
  }
}

/** A policy cannot supersede or implement itself. */
export class SelfLinkError extends PolicyError {
  readonly code = 'POLICY.SELF_LINK';
  readonly kind = 'rule';
  constructor(readonly policyId: string) {
    super(`policy ${policyId} cannot link to itself`);
  }
}

/** The link would close a loop (A supersedes B supersedes A). */
export class LinkCycleError extends PolicyError {
  readonly code = 'POLICY.LINK_CYCLE';
  readonly kind = 'rule';
  constructor(readonly path: readonly string[]) {
    super(`the link would close a cycle: ${path.join(' -> ')}`);
  }
}

/** A linked policy (implemented or superseding) is not in the registry. */
export class LinkedPolicyNotFoundError extends PolicyError {
  readonly code = 'POLICY.LINKED_POLICY_NOT_FOUND';
  readonly kind = 'rule';
  constructor(readonly linkedPolicyId: string) {
    super(`linked policy ${linkedPolicyId} is not in the registry`);
  }
}

/** A scope names a zone the zone register does not hold. */
export class UnknownZoneError extends PolicyError {
  readonly code = 'POLICY.UNKNOWN_ZONE';
  readonly kind = 'rule';
  constructor(readonly zoneIds: readonly string[]) {
    super(`the scope names zones the register does not hold: ${zoneIds.join(', ')}`);
  }
}

/** Not one of China's 31 province-level divisions (by official or short name). */
export class UnknownProvinceError extends PolicyError {
  readonly code = 'POLICY.UNKNOWN_PROVINCE';
  readonly kind = 'rule';
  constructor(readonly province: string) {
    super(`"${province}" is not a province-level division of mainland China`);
  }
}

/** A theme outside the registry's vocabulary (policy-themes.ts). */
export class UnknownThemeError extends PolicyError {
  readonly code = 'POLICY.UNKNOWN_THEME';
  readonly kind = 'rule';
  constructor(readonly theme: string) {
    super(`"${theme}" is not a policy theme`);
  }
}

/** A policy needs its document number, issuer and Chinese title. */
export class FieldRequiredError extends PolicyError {
  readonly code = 'POLICY.FIELD_REQUIRED';
  readonly kind = 'rule';
  constructor(readonly field: string) {
    super(`${field} is required`);
  }
}
