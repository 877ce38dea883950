import type {
  PolicyAmendedJson,
  PolicyIssuedJson,
  ZoneProfileUpdatedJson,
  ZoneRegisteredJson,
  ZonesMergedJson,
  ZoneUpgradedJson,
} from '@zoneledger/contracts';
import { notifiableEventType, type PolicyProfile, type ZoneProfile } from '../domain';

// What the notifier remembers of zones and policies from their topics, so that an event that
// does not repeat them (a ZoneRankChanged names only its zone; a PolicyRepealed only its policy)
// still meets a filter on provinces, kinds, themes or issuers, and so that a subscription naming
// a zone later merged follows the survivor. Pure: what an event changes, not where it is kept.

/** A zone's profile as one event changes it: only what the event says. */
export interface ZoneProfileChange extends ZoneProfile {
  readonly zoneId: string;
  /** ZonesMerged: the zone this one merged into. */
  readonly survivorId?: string;
}

/** A policy's profile as one event changes it. */
export interface PolicyProfileChange extends PolicyProfile {
  readonly policyId: string;
}

/** What one event changes of the remembered profiles. */
export interface ProfileChanges {
  readonly zones: readonly ZoneProfileChange[];
  readonly policies: readonly PolicyProfileChange[];
}

const NONE: ProfileChanges = { zones: [], policies: [] };

/** The profile changes an event of the zone or policy topic makes (none for other events). */
export function profileChanges(eventType: string, data: unknown): ProfileChanges {
  const record = (data ?? {}) as Record<string, unknown>;
  switch (notifiableEventType(eventType)) {
    case 'ZoneRegistered': {
      const { zoneId, province, region, kind } = record as ZoneRegisteredJson;
      return zones([{ zoneId, province, region, kind }]);
    }
    case 'ZoneProfileUpdated': {
      const { zoneId, province, region } = record as ZoneProfileUpdatedJson;
      return zones([{ zoneId, province, region }]);
    }
    case 'ZoneUpgraded': {
      const { zoneId, kind } = record as ZoneUpgradedJson;
      return zones([{ zoneId, kind }]);
    }
    case 'ZonesMerged': {
      const { survivingZoneId, absorbedZoneIds = [], newZone } = record as ZonesMergedJson;
      if (!survivingZoneId) return NONE;
      const survivor = newZone
        ? [
            {
              zoneId: survivingZoneId,
              province: newZone.province,
              region: newZone.region,
              kind: newZone.kind,
            },
          ]
        : [];
      const absorbed = absorbedZoneIds
        .filter((zoneId) => zoneId !== survivingZoneId)
        .map((zoneId) => ({ zoneId, survivorId: survivingZoneId }));
      return zones([...survivor, ...absorbed]);
    }
    case 'PolicyIssued': {
      const { policyId, issuer, themes } = record as PolicyIssuedJson;
      return policies([{ policyId, issuer, themes }]);
    }
    case 'PolicyAmended': {
      const { policyId, themes } = record as PolicyAmendedJson;
      return themes && themes.length > 0 ? policies([{ policyId, themes }]) : NONE;
    }
    default:
      return NONE;
  }
}

type Loose<T> = { readonly [K in keyof T]?: unknown };

// Keeps what is present: a zone id, and the fields the event sets (empty strings and the
// UNSPECIFIED enum values are the proto JSON of "not said").
function zones(changes: readonly Loose<ZoneProfileChange>[]): ProfileChanges {
  const kept = changes.flatMap((change) => {
    if (typeof change.zoneId !== 'string' || change.zoneId === '') return [];
    return [
      {
        zoneId: change.zoneId,
        ...said('province', change.province),
        ...said('region', change.region),
        ...said('kind', change.kind),
        ...said('survivorId', change.survivorId),
      } as ZoneProfileChange,
    ];
  });
  return { zones: kept, policies: [] };
}

function policies(changes: readonly Loose<PolicyProfileChange>[]): ProfileChanges {
  const kept = changes.flatMap((change) => {
    if (typeof change.policyId !== 'string' || change.policyId === '') return [];
    const themes = Array.isArray(change.themes)
      ? change.themes.filter((theme): theme is string => typeof theme === 'string' && theme !== '')
      : [];
    return [
      {
        policyId: change.policyId,
        ...said('issuer', change.issuer),
        ...(themes.length > 0 ? { themes } : {}),
      } as PolicyProfileChange,
    ];
  });
  return { zones: [], policies: kept };
}

function said<Name extends string>(name: Name, value: unknown): Partial<Record<Name, string>> {
  return typeof value === 'string' && value !== '' && !value.endsWith('_UNSPECIFIED')
    ? ({ [name]: value } as Record<Name, string>)
    : {};
}
