import { PROVINCES, ZONE_KINDS, type Region, type ZoneKind } from '@zoneledger/shared-kernel';
import { unsafeUniformIntDistribution, xoroshiro128plus, type RandomGenerator } from 'pure-rand';
import { POLICY_THEMES } from '../../services/policy-registry/src/domain/policy-themes';
import {
  filterOf,
  notificationFacts,
  type FilterRequest,
  type NotifiableEventType,
  type NotificationFacts,
  type PolicyProfile,
  type SubscriptionFilter,
  type ZoneProfile,
} from '../../services/notifier/src/domain';

// Subscriptions and events for the matching benchmark, from a seeded xoroshiro128+ (the same seed
// gives the same mix). Zones: the first HOT_ZONES are the national ETDZs most analysts watch
// (ETDZs, picked with a skew towards the top of the list); the rest, up to `zones`, a long tail
// of other zones of every kind, picked uniformly. A zone's province is the i-th in turn, its
// region the province's. Events are built as the topics carry them (proto JSON data) and turned
// into facts by notificationFacts with what the intake would remember of their zones and policy.

/** The national economic and technological development zones: about 230. */
export const HOT_ZONES = 230;

/** Issuing bodies: the central ones and every provincial government. */
export const ISSUERS: readonly string[] = [
  '国务院',
  '国务院办公厅',
  '商务部',
  '科学技术部',
  '国家发展和改革委员会',
  '财政部',
  '海关总署',
  '自然资源部',
  ...PROVINCES.map((province) => `${province.name}人民政府`),
];

export const benchZoneId = (i: number) => `nz-${String(i).padStart(6, '0')}`;

/** A random source with the few draws the mix needs. */
export class Draw {
  private readonly rng: RandomGenerator;

  constructor(seed: number) {
    this.rng = xoroshiro128plus(seed);
  }

  /** An integer in [from, to]. */
  int(from: number, to: number): number {
    return unsafeUniformIntDistribution(from, to, this.rng);
  }

  /** A double in [0, 1) (53 bits). */
  unit(): number {
    const high = unsafeUniformIntDistribution(0, 0x3ffffff, this.rng);
    const low = unsafeUniformIntDistribution(0, 0x7ffffff, this.rng);
    return (high * 0x8000000 + low) / 2 ** 53;
  }

  chance(p: number): boolean {
    return this.unit() < p;
  }

  pick<T>(values: readonly T[]): T {
    return values[this.int(0, values.length - 1)];
  }

  /** `count` distinct values (fewer if there are not that many). */
  some<T>(values: readonly T[], count: number): T[] {
    const chosen = new Set<T>();
    while (chosen.size < Math.min(count, values.length)) chosen.add(this.pick(values));
    return [...chosen];
  }

  /** 1 + a geometric count: 1 most often, rarely up to `max`. */
  small(max: number, p = 0.5): number {
    let n = 1;
    while (n < max && this.chance(p)) n += 1;
    return n;
  }

  /** Picks by weight from [value, weight] pairs. */
  weighted<T>(pairs: readonly (readonly [T, number])[]): T {
    const total = pairs.reduce((sum, [, weight]) => sum + weight, 0);
    let at = this.unit() * total;
    for (const [value, weight] of pairs) {
      at -= weight;
      if (at < 0) return value;
    }
    return pairs[pairs.length - 1][0];
  }
}

/** The synthetic zone register: what the intake would remember of each zone. */
export class ZonePopulation {
  constructor(readonly size: number) {}

  profile(i: number): Required<ZoneProfile> {
    const province = PROVINCES[i % PROVINCES.length];
    const kind: ZoneKind = i < HOT_ZONES ? 'ZONE_KIND_ETDZ' : ZONE_KINDS[i % ZONE_KINDS.length];
    return { province: province.name, region: province.region as Region, kind };
  }

  /**
   * A zone a subscription names: 70% a national ETDZ (skewed to the first: the best known draw
   * the most watchers), 30% any zone.
   */
  pickIndex(draw: Draw): number {
    if (draw.chance(0.7)) return Math.floor(HOT_ZONES * draw.unit() ** 1.5);
    return draw.int(0, this.size - 1);
  }

  pick(draw: Draw): string {
    return benchZoneId(this.pickIndex(draw));
  }

  /** A zone an assessment event concerns: any of the assessed national ETDZs. */
  pickAssessed(draw: Draw): number {
    return draw.int(0, Math.min(HOT_ZONES, this.size) - 1);
  }

  /** A zone a zone-register or policy event concerns: 70% a national ETDZ, 30% any zone. */
  pickRegistered(draw: Draw): number {
    return draw.chance(0.7) ? this.pickAssessed(draw) : draw.int(0, this.size - 1);
  }

  /** The profile of a zone id of this population (undefined for any other id). */
  lookup(zoneId: string): ZoneProfile | undefined {
    const i = Number(zoneId.slice(3));
    return zoneId.startsWith('nz-') && i < this.size ? this.profile(i) : undefined;
  }
}

/** The kinds of subscription the mix holds, each with its share. */
export const SUBSCRIPTION_MIX = [
  ['zones', 0.6],
  ['provinces', 0.18],
  ['policies', 0.12],
  ['zoneKinds', 0.03],
  ['regions', 0.03],
  ['eventTypes', 0.03],
  ['thresholds', 0.01],
] as const;

export type SubscriptionShape = (typeof SUBSCRIPTION_MIX)[number][0];

const ZONE_WATCH_TYPES: readonly NotifiableEventType[] = [
  'ZoneRankChanged',
  'ZoneScoreChanged',
  'ZonesMerged',
  'PolicyIssued',
  'PolicyAmended',
  'ZoneRenamed',
  'ZoneUpgraded',
  'ZoneDowngraded',
  'ExitWarningIssued',
];
// Areas (provinces, regions, kinds) are watched for what happens rarely; rank moves there only
// past a threshold.
const AREA_WATCH_TYPES: readonly NotifiableEventType[] = [
  'ZoneRegistered',
  'ZonesMerged',
  'ZoneUpgraded',
  'ZoneDowngraded',
  'ZoneExited',
  'PolicyIssued',
  'ExitWarningIssued',
];
const POLICY_WATCH_TYPES: readonly NotifiableEventType[] = [
  'PolicyIssued',
  'PolicyAmended',
  'PolicyRepealed',
  'PolicySuperseded',
];
const BROAD_TYPES: readonly NotifiableEventType[] = [
  'ZonesMerged',
  'ZoneRegistered',
  'ZoneExited',
  'PolicyIssued',
  'ExitWarningIssued',
  'RoundPublished',
  'ZoneUpgraded',
];

function rankThreshold(draw: Draw): FilterRequest['rankMoved'] {
  return {
    atLeast: draw.pick([3, 5, 10, 10, 20, 50]),
    direction: draw.pick([
      'CHANGE_DIRECTION_EITHER',
      'CHANGE_DIRECTION_UP',
      'CHANGE_DIRECTION_DOWN',
    ]),
  };
}

/** One subscription's filter as an analyst would ask for it, by shape. */
export function syntheticFilterRequest(
  shape: SubscriptionShape,
  draw: Draw,
  zones: ZonePopulation,
): FilterRequest {
  const provinces = () => draw.some(PROVINCES, draw.small(3)).map((p) => p.shortName);
  switch (shape) {
    case 'zones': {
      const zoneIds = Array.from({ length: draw.small(10, 0.45) }, () => zones.pick(draw));
      return {
        zoneIds,
        ...(draw.chance(0.75) ? { eventTypes: draw.some(ZONE_WATCH_TYPES, draw.small(3)) } : {}),
        ...(draw.chance(0.25) ? { rankMoved: rankThreshold(draw) } : {}),
      };
    }
    case 'provinces':
      return {
        provinces: provinces(),
        ...(draw.chance(0.9) ? { eventTypes: draw.some(AREA_WATCH_TYPES, draw.small(3)) } : {}),
        ...(draw.chance(0.3) ? { zoneKinds: draw.some(ZONE_KINDS, draw.small(2)) } : {}),
      };
    case 'policies': {
      const which = draw.weighted([
        ['themes', 0.5],
        ['issuers', 0.3],
        ['both', 0.2],
      ] as const);
      return {
        ...(which !== 'issuers' ? { themes: draw.some(POLICY_THEMES, draw.small(3)) } : {}),
        ...(which !== 'themes' ? { issuers: draw.some(ISSUERS, draw.small(2)) } : {}),
        ...(draw.chance(0.6) ? { eventTypes: draw.some(POLICY_WATCH_TYPES, draw.small(2)) } : {}),
        ...(draw.chance(0.3) ? { provinces: provinces() } : {}),
      };
    }
    case 'zoneKinds':
      return {
        zoneKinds: draw.some(ZONE_KINDS, draw.small(2)),
        eventTypes: draw.some(AREA_WATCH_TYPES, draw.small(2)),
      };
    case 'regions':
      return draw.chance(0.5)
        ? {
            regions: [draw.pick(PROVINCES).region],
            eventTypes: draw.some(AREA_WATCH_TYPES, draw.small(2)),
          }
        : {
            regions: [draw.pick(PROVINCES).region],
            eventTypes: ['ZoneRankChanged'],
            rankMoved: { atLeast: draw.pick([10, 20, 50]), direction: 'CHANGE_DIRECTION_EITHER' },
          };
    case 'eventTypes':
      return draw.chance(0.5)
        ? { eventTypes: draw.some(BROAD_TYPES, draw.small(3)) }
        : {
            eventTypes: ['ZoneRankChanged'],
            rankMoved: { atLeast: draw.pick([20, 50, 100]), direction: 'CHANGE_DIRECTION_EITHER' },
          };
    case 'thresholds':
      return draw.chance(0.7)
        ? { rankMoved: { atLeast: draw.pick([20, 30, 50, 100]) } }
        : { scoreChanged: { atLeast: draw.pick([5, 10, 20]) } };
  }
}

/** `count` subscriptions' filters, checked and tidied as the API records them. */
export function syntheticFilters(
  count: number,
  zones: ZonePopulation,
  seed: number,
): { id: string; shape: SubscriptionShape; filter: SubscriptionFilter }[] {
  const draw = new Draw(seed);
  return Array.from({ length: count }, (_, i) => {
    const shape = draw.weighted(SUBSCRIPTION_MIX);
    return {
      id: `sub-${String(i).padStart(6, '0')}`,
      shape,
      filter: filterOf(syntheticFilterRequest(shape, draw, zones)),
    };
  });
}

/** The events of the mix, each with its share of the stream. */
export const EVENT_MIX = [
  ['ZoneRankChanged', 0.45],
  ['ZoneScoreChanged', 0.15],
  ['ZoneScored', 0.1],
  ['PolicyIssued', 0.08],
  ['PolicyAmended', 0.03],
  ['PolicyRepealed', 0.02],
  ['ZoneRegistered', 0.05],
  ['ZoneRenamed', 0.02],
  ['ZoneProfileUpdated', 0.015],
  ['ZoneUpgraded', 0.015],
  ['ZonesMerged', 0.02],
  ['IndicatorsSubmitted', 0.05],
] as const satisfies readonly (readonly [NotifiableEventType, number])[];

const POLICIES = 5000;

function policyProfile(policyId: string): PolicyProfile {
  const i = Number(policyId.slice(3));
  const draw = new Draw(1_000_003 + i);
  return {
    issuer: draw.pick(ISSUERS),
    themes: draw.some(POLICY_THEMES, draw.small(3)),
  };
}

// A rank move: mostly a few places, sometimes dozens.
function rankDelta(draw: Draw): number {
  const size = draw.chance(0.85) ? draw.int(1, 8) : draw.int(9, 120);
  return draw.chance(0.5) ? size : -size;
}

/** One event's type and proto JSON data. */
export function syntheticEvent(
  type: (typeof EVENT_MIX)[number][0],
  draw: Draw,
  zones: ZonePopulation,
): { type: NotifiableEventType; data: Record<string, unknown> } {
  const assessment = ['ZoneRankChanged', 'ZoneScoreChanged', 'ZoneScored', 'IndicatorsSubmitted'];
  const zoneIndex = assessment.includes(type)
    ? zones.pickAssessed(draw)
    : zones.pickRegistered(draw);
  const zoneId = benchZoneId(zoneIndex);
  const profile = zones.profile(zoneIndex);
  const policyId = `pol${draw.int(0, POLICIES - 1)}`;
  switch (type) {
    case 'ZoneRankChanged': {
      const previousRank = draw.int(1, 230);
      const delta = rankDelta(draw);
      return {
        type,
        data: {
          roundId: 'r-2024',
          zoneId,
          previousRoundId: 'r-2023',
          previousRank,
          rank: previousRank + delta,
          delta,
        },
      };
    }
    case 'ZoneScoreChanged':
      return {
        type,
        data: { roundId: 'r-2024', zoneId, delta: Math.round((draw.unit() - 0.5) * 4000) / 100 },
      };
    case 'ZoneScored':
      return { type, data: { roundId: 'r-2024', zoneId, region: profile.region, total: 70 } };
    case 'PolicyIssued': {
      const scoped = draw.weighted([
        ['national', 0.4],
        ['provinces', 0.35],
        ['zones', 0.25],
      ] as const);
      const { issuer, themes } = policyProfile(policyId);
      return {
        type,
        data: {
          policyId,
          issuer,
          themes,
          scope: {
            ...(scoped === 'national' ? { zoneKinds: draw.some(ZONE_KINDS, draw.small(2)) } : {}),
            ...(scoped === 'provinces'
              ? { provinces: draw.some(PROVINCES, draw.small(2)).map((p) => p.name) }
              : {}),
            ...(scoped === 'zones'
              ? {
                  zoneIds: Array.from({ length: draw.small(6) }, () =>
                    benchZoneId(zones.pickRegistered(draw)),
                  ),
                }
              : {}),
          },
        },
      };
    }
    case 'PolicyAmended':
      return { type, data: { policyId, scope: { zoneIds: [zoneId] } } };
    case 'PolicyRepealed':
      return { type, data: { policyId } };
    case 'ZoneRegistered':
      return { type, data: { zoneId, ...profile } };
    case 'ZoneRenamed':
      return { type, data: { zoneId, nameZh: `开发区${zoneIndex}`, nameEn: `Zone ${zoneIndex}` } };
    case 'ZoneProfileUpdated':
      return { type, data: { zoneId, province: profile.province, region: profile.region } };
    case 'ZoneUpgraded':
      return {
        type,
        data: { zoneId, previousKind: 'ZONE_KIND_HIGH_TECH_ZONE', kind: 'ZONE_KIND_ETDZ' },
      };
    case 'ZonesMerged': {
      const absorbed = Array.from({ length: draw.small(3) }, () =>
        benchZoneId(zones.pickRegistered(draw)),
      );
      return {
        type,
        data: {
          survivingZoneId: zoneId,
          absorbedZoneIds: absorbed.filter((id) => id !== zoneId),
          newZone: { province: profile.province, region: profile.region, kind: profile.kind },
        },
      };
    }
    case 'IndicatorsSubmitted':
      return { type, data: { roundId: 'r-2024', zoneId } };
  }
}

/**
 * `count` events' facts, as the intake computes them: notificationFacts of the event's data,
 * completed with the profiles of its zones and policy.
 */
export function syntheticFacts(
  count: number,
  zones: ZonePopulation,
  seed: number,
): NotificationFacts[] {
  const draw = new Draw(seed);
  const context = {
    zone: (zoneId: string) => zones.lookup(zoneId),
    policy: (policyId: string) => policyProfile(policyId),
  };
  return Array.from({ length: count }, () => {
    const { type, data } = syntheticEvent(draw.weighted(EVENT_MIX), draw, zones);
    const facts = notificationFacts(type, data, context);
    if (!facts) throw new Error(`no facts for ${type}`);
    return facts;
  });
}
