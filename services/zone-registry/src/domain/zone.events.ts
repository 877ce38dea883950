import type { MergerKindJson, ZoneKindJson, ZoneLevelJson } from '@zoneledger/contracts';
import type { CalendarDate, Region } from '@zoneledger/shared-kernel';

// The events of a zone's stream. Their `data` is the proto JSON of the messages in
// proto/zoneledger/zone/v1/zone_events.proto (lowerCamelCase names, enum value names, dates as
// {year, month?, day?}): the outbox relay encodes it with the contract as it is, so a field the
// proto lacks would fail to publish. zone.events.spec.ts checks every event against its contract.
// Optional fields are left out rather than set to undefined, as proto JSON expects.

/** What a development zone is (ZoneKind without its "unspecified" zero value). */
export type ZoneKind = Exclude<ZoneKindJson, 'ZONE_KIND_UNSPECIFIED'>;
/** Who approved the zone: the State Council or a province. */
export type ZoneLevel = Exclude<ZoneLevelJson, 'ZONE_LEVEL_UNSPECIFIED'>;
/** MofCOM's ranking region of the zone's province. */
export type { Region };
/** How zones were brought together. */
export type MergerKind = Exclude<MergerKindJson, 'MERGER_KIND_UNSPECIFIED'>;

/** A domain event as the event store takes it (structurally @zoneledger/event-store's DomainEvent). */
export interface DomainEvent<Type extends string, Data> {
  readonly type: Type;
  readonly data: Data;
}

/** A zone entered the register; the first event of its stream (unless a merger created it). */
export type ZoneRegistered = DomainEvent<
  'ZoneRegistered',
  {
    readonly zoneId: string;
    readonly nameZh: string;
    readonly nameEn: string;
    readonly kind: ZoneKind;
    readonly level: ZoneLevel;
    /** Official province name, e.g. "江苏省". */
    readonly province: string;
    /** Empty when not known. */
    readonly city: string;
    readonly region: Region;
    /** Approval at the zone's level; absent when not known. */
    readonly approvedOn?: CalendarDate;
    readonly industryFocus: string[];
  }
>;

/** The profile after a change or a correction: the whole profile, not a patch. */
export type ZoneProfileUpdated = DomainEvent<
  'ZoneProfileUpdated',
  {
    readonly zoneId: string;
    readonly province: string;
    readonly city: string;
    readonly region: Region;
    /** Approval at the zone's current level; absent when not known. */
    readonly approvedOn?: CalendarDate;
    readonly reason: string;
  }
>;

/** An official renaming (with effectiveOn) or a corrected name (without: it was always so). */
export type ZoneRenamed = DomainEvent<
  'ZoneRenamed',
  {
    readonly zoneId: string;
    readonly nameZh: string;
    readonly nameEn: string;
    readonly previousNameZh: string;
    readonly previousNameEn: string;
    readonly effectiveOn?: CalendarDate;
    readonly basisPolicyId?: string;
    /** Why the names were corrected (corrections only). */
    readonly reason?: string;
  }
>;

/** The zone's leading industries, replacing the whole list. */
export type ZoneIndustryFocusSet = DomainEvent<
  'ZoneIndustryFocusSet',
  {
    readonly zoneId: string;
    readonly industryFocus: string[];
    readonly effectiveOn?: CalendarDate;
  }
>;

/** Provincial to national (and possibly to another kind). */
export type ZoneUpgraded = DomainEvent<
  'ZoneUpgraded',
  {
    readonly zoneId: string;
    readonly previousLevel: ZoneLevel;
    readonly level: ZoneLevel;
    readonly previousKind: ZoneKind;
    readonly kind: ZoneKind;
    readonly effectiveOn: CalendarDate;
    readonly basisPolicyId: string;
  }
>;

/** National back to provincial management. */
export type ZoneDowngraded = DomainEvent<
  'ZoneDowngraded',
  {
    readonly zoneId: string;
    readonly previousLevel: ZoneLevel;
    readonly level: ZoneLevel;
    readonly effectiveOn: CalendarDate;
    readonly basisPolicyId?: string;
    readonly reason: string;
  }
>;

/** The zone left the register; nothing but corrections follows. */
export type ZoneExited = DomainEvent<
  'ZoneExited',
  {
    readonly zoneId: string;
    readonly effectiveOn: CalendarDate;
    readonly basisPolicyId: string;
    readonly reason: string;
  }
>;

/** A policy granted the zone one reform power. */
export type ZoneAutonomyGranted = DomainEvent<
  'ZoneAutonomyGranted',
  {
    readonly zoneId: string;
    readonly power: string;
    readonly policyId: string;
    readonly effectiveOn: CalendarDate;
  }
>;

/** Registration details of a zone a merger creates (it is approved on the merger's date). */
export type MergedNewZone = Omit<ZoneRegistered['data'], 'approvedOn'>;

/**
 * Zones integrated into one. The same data is recorded on every involved zone's stream: the
 * survivor's (or the new zone's, which it starts) and each absorbed zone's.
 */
export type ZonesMerged = DomainEvent<
  'ZonesMerged',
  {
    readonly mergerId: string;
    readonly survivingZoneId: string;
    readonly absorbedZoneIds: string[];
    /** Set only when the merger creates the surviving zone. */
    readonly newZone?: MergedNewZone;
    readonly effectiveOn: CalendarDate;
    readonly kind: MergerKind;
    readonly basisPolicyId?: string;
  }
>;

/** Everything that can happen to a zone. */
export type ZoneEvent =
  | ZoneRegistered
  | ZoneProfileUpdated
  | ZoneRenamed
  | ZoneIndustryFocusSet
  | ZoneUpgraded
  | ZoneDowngraded
  | ZoneExited
  | ZoneAutonomyGranted
  | ZonesMerged;

/** The event-store type of every zone event (the proto message's short name). */
export type ZoneEventType = ZoneEvent['type'];
