import type {
  ExitWarningIssuedJson,
  IndicatorCorrectedJson,
  IndicatorsSubmittedJson,
  PolicyAmendedJson,
  PolicyAutonomyExtendedJson,
  PolicyIssuedJson,
  PolicyRepealedJson,
  PolicyScopeJson,
  PolicySupersededJson,
  PublishedRankingImportedJson,
  RegionJson,
  RoundOpenedJson,
  ZoneAutonomyGrantedJson,
  ZoneDowngradedJson,
  ZoneExitedJson,
  ZoneIndustryFocusSetJson,
  ZoneKindJson,
  ZoneProfileUpdatedJson,
  ZoneRankChangedJson,
  ZoneRegisteredJson,
  ZoneRenamedJson,
  ZoneScoreChangedJson,
  ZoneScoredJson,
  ZonesMergedJson,
  ZoneUpgradedJson,
} from '@zoneledger/contracts';
import {
  officialProvince,
  provinceNamed,
  type Region,
  type ZoneKind,
} from '@zoneledger/shared-kernel';
import { notifiableEventType, type NotifiableEventType } from './event-types';

// What a filter tests of an event, read from its data as the topics carry it (the proto JSON
// mapping: every field may be left out, zero values are, so a missing delta is 0 and a missing
// string is empty). An event carries some facts itself (ZoneRegistered its province, region and
// kind; PolicyIssued its scope, themes and issuer); the handler may add what it knows of the zones
// and policies the event concerns (from its read models) through `FactsContext`, so that a filter
// on provinces also catches a ZoneRankChanged in that province. Nothing here looks anything up.

/** The facts of one event that filters test. Lists are deduplicated and sorted. */
export interface NotificationFacts {
  readonly eventType: NotifiableEventType;
  /** Every zone the event concerns (a merger's survivor and absorbed zones, a policy's scope and grants). */
  readonly zoneIds: readonly string[];
  /** Official province names. */
  readonly provinces: readonly string[];
  readonly regions: readonly Region[];
  readonly zoneKinds: readonly ZoneKind[];
  /** Policy themes, lower case, single-spaced. */
  readonly themes: readonly string[];
  readonly issuer?: string;
  /** ZoneRankChanged: rank - previous rank (negative when the zone climbed). */
  readonly rankDelta?: number;
  /** ZoneScoreChanged: total - previous total. */
  readonly scoreDelta?: number;
}

/** What the handler's read models know of a zone. */
export interface ZoneProfile {
  readonly province?: string;
  readonly region?: Region;
  readonly kind?: ZoneKind;
}

/** What the handler's read models know of a policy (for events that do not repeat it). */
export interface PolicyProfile {
  readonly issuer?: string;
  readonly themes?: readonly string[];
}

/** Lookups the handler may offer; each may answer undefined. */
export interface FactsContext {
  zone?(zoneId: string): ZoneProfile | undefined;
  policy?(policyId: string): PolicyProfile | undefined;
}

// Facts as gathered, before the context's additions and tidying.
interface Gathered {
  zoneIds?: (string | undefined)[];
  provinces?: (string | undefined)[];
  regions?: (RegionJson | undefined)[];
  zoneKinds?: (ZoneKindJson | undefined)[];
  themes?: readonly string[];
  issuer?: string;
  policyId?: string;
  rankDelta?: number;
  scoreDelta?: number;
}

/**
 * The facts of an event of the zone, policy or assessment topic, by its type (the domain event
 * type or the CloudEvent type) and its proto JSON data; undefined for a type the notifier does
 * not know (a newer contract's event: skipped, not failed).
 */
export function notificationFacts(
  eventType: string,
  data: unknown,
  context: FactsContext = {},
): NotificationFacts | undefined {
  const type = notifiableEventType(eventType);
  if (!type) return undefined;
  const gathered = gather(type, (data ?? {}) as Record<string, unknown>);
  return tidied(type, withContext(gathered, context));
}

function gather(type: NotifiableEventType, data: Record<string, unknown>): Gathered {
  switch (type) {
    case 'ZoneRegistered': {
      const { zoneId, province, region, kind } = data as ZoneRegisteredJson;
      return { zoneIds: [zoneId], provinces: [province], regions: [region], zoneKinds: [kind] };
    }
    case 'ZoneProfileUpdated': {
      const { zoneId, province, region } = data as ZoneProfileUpdatedJson;
      return { zoneIds: [zoneId], provinces: [province], regions: [region] };
    }
    case 'ZoneUpgraded': {
      // Both kinds: a subscriber to high-tech zones hears of one becoming an ETDZ.
      const { zoneId, previousKind, kind } = data as ZoneUpgradedJson;
      return { zoneIds: [zoneId], zoneKinds: [previousKind, kind] };
    }
    case 'ZoneRenamed':
    case 'ZoneIndustryFocusSet':
    case 'ZoneDowngraded':
    case 'ZoneExited':
    case 'ZoneAutonomyGranted':
    case 'IndicatorsSubmitted':
    case 'IndicatorCorrected': {
      const { zoneId } = data as
        | ZoneRenamedJson
        | ZoneIndustryFocusSetJson
        | ZoneDowngradedJson
        | ZoneExitedJson
        | ZoneAutonomyGrantedJson
        | IndicatorsSubmittedJson
        | IndicatorCorrectedJson;
      return { zoneIds: [zoneId] };
    }
    case 'ZonesMerged': {
      const { survivingZoneId, absorbedZoneIds = [], newZone } = data as ZonesMergedJson;
      return {
        zoneIds: [survivingZoneId, ...absorbedZoneIds],
        provinces: [newZone?.province],
        regions: [newZone?.region],
        zoneKinds: [newZone?.kind],
      };
    }
    case 'PolicyIssued': {
      const { scope, autonomyGrants = [], themes, issuer } = data as PolicyIssuedJson;
      return { ...scopeFacts(scope, autonomyGrants), themes, issuer };
    }
    case 'PolicyAmended': {
      const { policyId, scope, autonomyGrants = [], themes } = data as PolicyAmendedJson;
      return { ...scopeFacts(scope, autonomyGrants), themes, policyId };
    }
    case 'PolicyAutonomyExtended': {
      const { policyId, autonomyGrants = [] } = data as PolicyAutonomyExtendedJson;
      return { zoneIds: autonomyGrants.flatMap((grant) => grant.zoneIds ?? []), policyId };
    }
    case 'PolicySuperseded':
    case 'PolicyRepealed':
      return { policyId: (data as PolicySupersededJson | PolicyRepealedJson).policyId };
    case 'RoundOpened': {
      const { population = [] } = data as RoundOpenedJson;
      return {
        zoneIds: population.map((zone) => zone.zoneId),
        regions: population.map((zone) => zone.region),
      };
    }
    case 'ZoneScored':
    case 'ExitWarningIssued': {
      const { zoneId, region } = data as ZoneScoredJson | ExitWarningIssuedJson;
      return { zoneIds: [zoneId], regions: [region] };
    }
    case 'ZoneScoreChanged': {
      const { zoneId, delta } = data as ZoneScoreChangedJson;
      return { zoneIds: [zoneId], scoreDelta: finite(delta) };
    }
    case 'ZoneRankChanged': {
      const { zoneId, delta } = data as ZoneRankChangedJson;
      return { zoneIds: [zoneId], rankDelta: delta ?? 0 };
    }
    case 'PublishedRankingImported': {
      const { matched = [] } = data as PublishedRankingImportedJson;
      return { zoneIds: matched.map((row) => row.zoneId) };
    }
    case 'MethodologyVersionCreated':
    case 'RoundScored':
    case 'RoundPublished':
      return {};
  }
}

// A scope names provinces, regions, kinds and zones; the grants name the zones it resolved to.
function scopeFacts(
  scope: PolicyScopeJson | undefined,
  grants: readonly { zoneIds?: string[] }[],
): Gathered {
  return {
    zoneIds: [...(scope?.zoneIds ?? []), ...grants.flatMap((grant) => grant.zoneIds ?? [])],
    provinces: scope?.provinces ?? [],
    regions: scope?.regions ?? [],
    zoneKinds: scope?.zoneKinds ?? [],
  };
}

// What the handler knows of the zones and the policy, added to what the event carries.
function withContext(gathered: Gathered, context: FactsContext): Gathered {
  const zones = (gathered.zoneIds ?? []).flatMap((zoneId) => {
    const profile = zoneId ? context.zone?.(zoneId) : undefined;
    return profile ? [profile] : [];
  });
  const policy = gathered.policyId ? context.policy?.(gathered.policyId) : undefined;
  return {
    ...gathered,
    provinces: [...(gathered.provinces ?? []), ...zones.map((zone) => zone.province)],
    regions: [...(gathered.regions ?? []), ...zones.map((zone) => zone.region)],
    zoneKinds: [...(gathered.zoneKinds ?? []), ...zones.map((zone) => zone.kind)],
    themes: [...(gathered.themes ?? []), ...(policy?.themes ?? [])],
    issuer: gathered.issuer || policy?.issuer,
  };
}

function tidied(eventType: NotifiableEventType, gathered: Gathered): NotificationFacts {
  const provinces = present(gathered.provinces).map(officialProvince);
  // A province carries its region even where the event leaves it out.
  const regions = [
    ...present(gathered.regions),
    ...provinces.flatMap((name) => provinceNamed(name)?.region ?? []),
  ].filter((region): region is Region => region !== 'REGION_UNSPECIFIED');
  const zoneKinds = present(gathered.zoneKinds).filter(
    (kind): kind is ZoneKind => kind !== 'ZONE_KIND_UNSPECIFIED',
  );
  const issuer = gathered.issuer?.trim();
  return {
    eventType,
    zoneIds: sortedSet(present(gathered.zoneIds)),
    provinces: sortedSet(provinces),
    regions: sortedSet(regions),
    zoneKinds: sortedSet(zoneKinds),
    themes: sortedSet(
      present(gathered.themes).map((theme) => theme.trim().replace(/\s+/g, ' ').toLowerCase()),
    ),
    ...(issuer ? { issuer } : {}),
    ...(gathered.rankDelta === undefined ? {} : { rankDelta: gathered.rankDelta }),
    ...(gathered.scoreDelta === undefined ? {} : { scoreDelta: gathered.scoreDelta }),
  };
}

// Proto JSON writes a non-finite double as a string; such a change has no size to compare.
function finite(value: number | string | undefined): number | undefined {
  if (value === undefined) return 0;
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function present<T extends string>(values: readonly (T | undefined)[] | undefined): T[] {
  return (values ?? []).filter((value): value is T => typeof value === 'string' && value !== '');
}

function sortedSet<T extends string>(values: readonly T[]): T[] {
  return [...new Set(values)].sort();
}
