import type { CalendarDate } from '@zoneledger/shared-kernel';
import type { PolicyKind, Region, ZoneKind, ZoneLevel } from './policy.events';

// What callers ask of the policy registry. A command carries everything the decision needs that
// the policy's own stream does not hold: the time (`now`), ids, and what the handler looked up
// (policies bearing the document number, the linked policies, which named zones exist, the zones
// the scope resolves to). The decider never reads a clock, a database or the zone register.

/** A command as deciders take it: a discriminated union member, like the events. */
export interface Command<Type extends string, Data> {
  readonly type: Type;
  readonly data: Data;
}

/** One measure of a policy: a sentence, and the reform power it grants, if any. */
export interface Measure {
  readonly text: string;
  readonly grantsPower?: string;
}

/** A scope as asked: provinces by official or short name; criteria left out are empty. */
export interface ScopeRequest {
  readonly zoneKinds?: readonly ZoneKind[];
  readonly zoneLevels?: readonly ZoneLevel[];
  readonly provinces?: readonly string[];
  readonly regions?: readonly Region[];
  readonly zoneIds?: readonly string[];
}

/** A policy of the same issuer bearing the proposed document number (from the handler's lookup). */
export interface DocumentNumberHolder {
  readonly policyId: string;
  readonly issuer: string;
  readonly documentNumber: string;
}

/**
 * What the handler knows of a policy a command links to, and of the policies along its links
 * (the chain of supersessions and implementations), so the decider can find cycles.
 */
export interface LinkedPolicy {
  readonly policyId: string;
  readonly issuedOn: CalendarDate;
  readonly effectiveOn?: CalendarDate;
  readonly implementsPolicyId?: string;
  readonly supersededByPolicyId?: string;
}

/**
 * What the zone register told the handler: which of the scope's named zones it holds, and the
 * zones (in the register, neither merged nor exited) the scope resolves to now.
 */
export interface ZoneLookup {
  readonly knownZoneIds: readonly string[];
  readonly scopeZoneIds: readonly string[];
}

/** Enter a policy document into the registry: its version 1. */
export type IssuePolicy = Command<
  'IssuePolicy',
  {
    readonly policyId: string;
    readonly documentNumber: string;
    readonly titleZh: string;
    readonly titleEn?: string;
    readonly issuer: string;
    readonly kind: PolicyKind;
    readonly issuedOn: CalendarDate;
    readonly publishedOn?: CalendarDate;
    readonly effectiveOn?: CalendarDate;
    readonly expiresOn?: CalendarDate;
    readonly themes?: readonly string[];
    readonly measures?: readonly Measure[];
    readonly scope?: ScopeRequest;
    readonly implementsPolicyId?: string;
    readonly documentNumberHolders: readonly DocumentNumberHolder[];
    /** The implemented policy and the policies it implements in turn, as far as known. */
    readonly linkedPolicies: readonly LinkedPolicy[];
    readonly zones: ZoneLookup;
    readonly now: Date;
  }
>;

/** A new version of the policy's text; fields left out stay as they are, `expiresOn: null` clears. */
export type AmendPolicy = Command<
  'AmendPolicy',
  {
    readonly policyId: string;
    readonly amendedOn: CalendarDate;
    readonly effectiveOn: CalendarDate;
    readonly reason: string;
    readonly basisPolicyId?: string;
    readonly titleZh?: string;
    readonly titleEn?: string;
    readonly themes?: readonly string[];
    readonly measures?: readonly Measure[];
    readonly scope?: ScopeRequest;
    readonly expiresOn?: CalendarDate | null;
    /** Resolved for the amended scope. */
    readonly zones: ZoneLookup;
    readonly now: Date;
  }
>;

/** A later policy supersedes this one (the command goes to the superseded policy's stream). */
export type SupersedePolicy = Command<
  'SupersedePolicy',
  {
    readonly policyId: string;
    readonly supersededByPolicyId: string;
    /** Absent: the superseding policy's effective date, else its issue date. */
    readonly effectiveOn?: CalendarDate;
    /** The superseding policy and the policies that superseded it in turn, as far as known. */
    readonly linkedPolicies: readonly LinkedPolicy[];
  }
>;

/** Repeal the policy from `effectiveOn` (which may lie ahead, when announced in advance). */
export type RepealPolicy = Command<
  'RepealPolicy',
  {
    readonly policyId: string;
    readonly effectiveOn: CalendarDate;
    readonly reason: string;
    readonly basisPolicyId?: string;
  }
>;

/** Grant the powers of the version in force on `effectiveOn` to zones that entered its scope since. */
export type ExtendAutonomy = Command<
  'ExtendAutonomy',
  {
    readonly policyId: string;
    readonly effectiveOn: CalendarDate;
    readonly reason: string;
    /** The zones the scope of the version in force on `effectiveOn` resolves to now. */
    readonly scopeZoneIds: readonly string[];
  }
>;

/** The commands on one policy's stream (`decide`). */
export type PolicyCommand =
  | IssuePolicy
  | AmendPolicy
  | SupersedePolicy
  | RepealPolicy
  | ExtendAutonomy;
