import type { CalendarDate } from '@zoneledger/shared-kernel';
import type { MergerKind, ZoneKind, ZoneLevel } from './zone.events';

// What callers ask of the zone register. A command carries everything the decision needs that the
// zone's own stream does not hold: the time (`now`), ids, and what the handler looked up
// (`namesakes`). The decider derives the rest (the region, from the province) and never reads a
// clock or a database.

/** A command as deciders take it: a discriminated union member, like the events. */
export interface Command<Type extends string, Data> {
  readonly type: Type;
  readonly data: Data;
}

/**
 * A zone in the register (active or downgraded) bearing the Chinese or the English name a command
 * proposes, at any level: the handler looks them up in the register's name claims, the decider
 * decides which ones clash (same level, another zone, not one a merger absorbs).
 */
export interface Namesake {
  readonly zoneId: string;
  readonly level: ZoneLevel;
  readonly nameZh: string;
  readonly nameEn: string;
}

/** Enter a zone into the register. */
export type RegisterZone = Command<
  'RegisterZone',
  {
    readonly zoneId: string;
    readonly nameZh: string;
    readonly nameEn: string;
    readonly kind: ZoneKind;
    readonly level: ZoneLevel;
    /** Official ("江苏省") or short ("江苏") name; events record the official one. */
    readonly province: string;
    readonly city?: string;
    readonly approvedOn?: CalendarDate;
    readonly industryFocus?: readonly string[];
    readonly namesakes: readonly Namesake[];
    readonly now: Date;
  }
>;

/** A real change of the zone's place (e.g. its city was renamed or re-divided); fields left out stay. */
export type UpdateZoneProfile = Command<
  'UpdateZoneProfile',
  {
    readonly zoneId: string;
    readonly province?: string;
    readonly city?: string;
    readonly reason: string;
  }
>;

/** An official renaming, from `effectiveOn`. */
export type RenameZone = Command<
  'RenameZone',
  {
    readonly zoneId: string;
    readonly nameZh: string;
    readonly nameEn: string;
    readonly effectiveOn: CalendarDate;
    readonly basisPolicyId?: string;
    readonly namesakes: readonly Namesake[];
    readonly now: Date;
  }
>;

/** Replace the zone's leading industries (an empty list clears them). */
export type SetIndustryFocus = Command<
  'SetIndustryFocus',
  {
    readonly zoneId: string;
    readonly industryFocus: readonly string[];
    readonly effectiveOn?: CalendarDate;
    readonly now: Date;
  }
>;

/** Raise a provincial zone to national level, possibly as another kind (e.g. to an ETDZ). */
export type UpgradeZone = Command<
  'UpgradeZone',
  {
    readonly zoneId: string;
    /** The kind after the upgrade; the current kind when left out. */
    readonly kind?: ZoneKind;
    readonly effectiveOn: CalendarDate;
    readonly basisPolicyId: string;
    /** Zones bearing the zone's current names (the names must be free at national level). */
    readonly namesakes: readonly Namesake[];
    readonly now: Date;
  }
>;

/** Return a national zone to provincial management. */
export type DowngradeZone = Command<
  'DowngradeZone',
  {
    readonly zoneId: string;
    readonly effectiveOn: CalendarDate;
    readonly basisPolicyId?: string;
    readonly reason: string;
    /** Zones bearing the zone's current names (the names must be free at provincial level). */
    readonly namesakes: readonly Namesake[];
    readonly now: Date;
  }
>;

/** Take the zone off the register (e.g. Jiuquan ETDZ, 17 Jan 2020). */
export type ExitZone = Command<
  'ExitZone',
  {
    readonly zoneId: string;
    readonly effectiveOn: CalendarDate;
    readonly basisPolicyId: string;
    readonly reason: string;
    readonly now: Date;
  }
>;

/** Record a reform power a policy granted the zone. */
export type GrantAutonomy = Command<
  'GrantAutonomy',
  {
    readonly zoneId: string;
    readonly power: string;
    readonly policyId: string;
    readonly effectiveOn: CalendarDate;
    readonly now: Date;
  }
>;

/**
 * Fix what the register got wrong: names (e.g. a transliteration), province, city or approval
 * date. Accepted in every status, merged and exited too, because history must be right. A
 * corrected name is recorded as a ZoneRenamed without effectiveOn (it was always so), the rest
 * as ZoneProfileUpdated with the reason. Fields left out stay; `approvedOn: null` clears it.
 */
export type CorrectZone = Command<
  'CorrectZone',
  {
    readonly zoneId: string;
    readonly nameZh?: string;
    readonly nameEn?: string;
    readonly province?: string;
    readonly city?: string;
    readonly approvedOn?: CalendarDate | null;
    readonly reason: string;
    /** Zones bearing a corrected name; needed only when names change. */
    readonly namesakes: readonly Namesake[];
    readonly now: Date;
  }
>;

/** The commands on one zone's stream (`decide`). */
export type ZoneCommand =
  | RegisterZone
  | UpdateZoneProfile
  | RenameZone
  | SetIndustryFocus
  | UpgradeZone
  | DowngradeZone
  | ExitZone
  | GrantAutonomy
  | CorrectZone;

/** Registration details of the zone a merger creates; it is approved on the merger's date. */
export interface NewZoneRegistration {
  readonly nameZh: string;
  readonly nameEn: string;
  readonly kind: ZoneKind;
  readonly level: ZoneLevel;
  readonly province: string;
  readonly city?: string;
  readonly industryFocus?: readonly string[];
}

/**
 * Integrate zones into one, atomically, across several streams (`mergeZones`). The survivor is an
 * existing zone, or a new zone when `newZone` is given (then `survivingZoneId` is its new id).
 */
export type MergeZones = Command<
  'MergeZones',
  {
    readonly mergerId: string;
    readonly survivingZoneId: string;
    readonly absorbedZoneIds: readonly string[];
    readonly newZone?: NewZoneRegistration;
    readonly effectiveOn: CalendarDate;
    readonly kind: MergerKind;
    readonly basisPolicyId?: string;
    /** Zones bearing the new zone's names; needed only when the merger creates a zone. */
    readonly namesakes: readonly Namesake[];
    readonly now: Date;
  }
>;
