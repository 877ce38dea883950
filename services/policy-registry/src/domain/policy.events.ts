import type { PolicyKindJson, ZoneKindJson, ZoneLevelJson } from '@zoneledger/contracts';
import type { CalendarDate, Region } from '@zoneledger/shared-kernel';

// The events of a policy's stream. Their `data` is the proto JSON of the messages in
// proto/zoneledger/policy/v1/policy_events.proto (lowerCamelCase names, enum value names, dates as
// {year, month?, day?}): the outbox relay encodes it with the contract as it is, so a field the
// proto lacks would fail to publish. policy.events.spec.ts checks every event against its
// contract. Optional fields are left out rather than set to undefined, as proto JSON expects.

/** What kind of document a policy is (PolicyKind without its "unspecified" zero value). */
export type PolicyKind = Exclude<PolicyKindJson, 'POLICY_KIND_UNSPECIFIED'>;
/** What a development zone is, as a scope names it. */
export type ZoneKind = Exclude<ZoneKindJson, 'ZONE_KIND_UNSPECIFIED'>;
/** Who approved a zone, as a scope names it. */
export type ZoneLevel = Exclude<ZoneLevelJson, 'ZONE_LEVEL_UNSPECIFIED'>;
export type { Region };

/** A domain event as the event store takes it (structurally @zoneledger/event-store's DomainEvent). */
export interface DomainEvent<Type extends string, Data> {
  readonly type: Type;
  readonly data: Data;
}

/** The zones a policy applies to: every non-empty criterion must hold; none, every zone. */
export interface PolicyScope {
  readonly zoneKinds: ZoneKind[];
  readonly zoneLevels: ZoneLevel[];
  /** Official province names, e.g. "江苏省". */
  readonly provinces: string[];
  readonly regions: Region[];
  /** Named zones (zone-registry ids). */
  readonly zoneIds: string[];
}

/** A reform power a measure grants, to the zones the scope resolved to then. */
export interface AutonomyGrant {
  readonly power: string;
  /** Empty when no zone was in the scope: the power stays on record for zones entering it later. */
  readonly zoneIds: string[];
  /** Absent: when the policy (or the amendment carrying the grant) takes effect. */
  readonly effectiveOn?: CalendarDate;
  /** The granting measure's number in `measures`, from 1. */
  readonly measureNumber: number;
}

/** A policy document was issued: the first event of its stream, and its version 1. */
export type PolicyIssued = DomainEvent<
  'PolicyIssued',
  {
    readonly policyId: string;
    /** Canonical form, e.g. "国发〔2019〕11号". */
    readonly documentNumber: string;
    readonly titleZh: string;
    readonly titleEn?: string;
    /** The issuing body in Chinese, e.g. "国务院办公厅". */
    readonly issuer: string;
    readonly kind: PolicyKind;
    readonly issuedOn: CalendarDate;
    readonly publishedOn?: CalendarDate;
    /** Absent: from its issue date. */
    readonly effectiveOn?: CalendarDate;
    /** The last day it applies by its own terms; absent: no expiry. */
    readonly expiresOn?: CalendarDate;
    readonly themes: string[];
    readonly measures: string[];
    readonly scope: PolicyScope;
    readonly autonomyGrants: AutonomyGrant[];
    readonly implementsPolicyId?: string;
  }
>;

/** The fields of a version an amendment can change, by their JSON names. */
export type AmendableField = 'titleZh' | 'titleEn' | 'themes' | 'measures' | 'scope' | 'expiresOn';

/** A new version of the policy's text from `effectiveOn`: the whole amendable text, not a patch. */
export type PolicyAmended = DomainEvent<
  'PolicyAmended',
  {
    readonly policyId: string;
    /** 2 for the first amendment. */
    readonly version: number;
    /** The amending document's date. */
    readonly amendedOn: CalendarDate;
    readonly effectiveOn: CalendarDate;
    readonly reason: string;
    readonly basisPolicyId?: string;
    readonly changedFields: AmendableField[];
    readonly titleZh: string;
    readonly titleEn?: string;
    readonly themes: string[];
    readonly measures: string[];
    readonly scope: PolicyScope;
    readonly expiresOn?: CalendarDate;
    /** Every power of this version, to every zone its scope resolved to when amended. */
    readonly autonomyGrants: AutonomyGrant[];
  }
>;

/** A policy issued no earlier supersedes this one from `effectiveOn`. */
export type PolicySuperseded = DomainEvent<
  'PolicySuperseded',
  {
    readonly policyId: string;
    readonly supersededByPolicyId: string;
    readonly effectiveOn: CalendarDate;
  }
>;

/** Repealed (废止) from `effectiveOn`; the policy takes no more changes. */
export type PolicyRepealed = DomainEvent<
  'PolicyRepealed',
  {
    readonly policyId: string;
    readonly effectiveOn: CalendarDate;
    readonly reason: string;
    readonly basisPolicyId?: string;
  }
>;

/** Zones that entered the scope later are granted the powers of a version (new zones only). */
export type PolicyAutonomyExtended = DomainEvent<
  'PolicyAutonomyExtended',
  {
    readonly policyId: string;
    readonly version: number;
    /** Each with its effectiveOn set. */
    readonly autonomyGrants: AutonomyGrant[];
    readonly reason: string;
  }
>;

/** Everything that can happen to a policy. */
export type PolicyEvent =
  | PolicyIssued
  | PolicyAmended
  | PolicySuperseded
  | PolicyRepealed
  | PolicyAutonomyExtended;

/** The event-store type of every policy event (the proto message's short name). */
export type PolicyEventType = PolicyEvent['type'];
