import type { NotificationFacts } from './notification-facts';
import { filterMatches, type SubscriptionFilter } from './subscription-filter';

// Which subscriptions an event concerns, without looking at every subscription. Each filter is
// filed under one criterion it names (its "anchor"), in a map from that criterion's values to
// subscription ids: a filter naming zones under each of its zones (followed survivors included),
// else its issuers, themes, provinces, zone kinds, regions or event types, in that order (the
// most selective first), else (thresholds only) under the fact its threshold needs. An event looks
// up only the buckets of the facts it carries; the candidates found are then checked against
// their whole filter (filterMatches). A filter that matches must meet its anchor criterion, so it
// is among the candidates: the index finds what a scan of every filter finds.
//
// Mergers: a subscription naming a zone that is later absorbed follows the surviving zone (and
// that zone's survivor after a later merger). The index remembers every merger it was told of, so
// a subscription added afterwards, or rebuilt at start-up in any order relative to the mergers,
// follows them too. A match says which followed zones it came through, for the notification to
// say so.

/** A zone a subscription follows instead of a zone it named, merged away. */
export interface FollowedZone {
  /** The survivor the event concerns. */
  readonly zoneId: string;
  /** The zone the filter named. */
  readonly insteadOf: string;
}

/** A subscription the event concerns. */
export interface SubscriptionMatch {
  readonly subscriptionId: string;
  /** Followed zones the event concerns that the filter does not name itself; empty if none. */
  readonly followed: readonly FollowedZone[];
}

interface Entry {
  readonly filter: SubscriptionFilter;
  /** Survivor zone -> the named zone it is followed for. */
  readonly followed: ReadonlyMap<string, string>;
  readonly keys: readonly string[];
}

type Anchor = keyof Pick<
  SubscriptionFilter,
  'issuers' | 'themes' | 'provinces' | 'zoneKinds' | 'regions' | 'eventTypes'
>;

const ANCHORS: readonly Anchor[] = [
  'issuers',
  'themes',
  'provinces',
  'zoneKinds',
  'regions',
  'eventTypes',
];

/** The matching index of the subscriptions to notify (active ones: see matchableFilter). */
export class SubscriptionIndex {
  private readonly entries = new Map<string, Entry>();
  private readonly buckets = new Map<string, Set<string>>();
  /** Absorbed zone -> surviving zone, for every merger told. */
  private readonly survivors = new Map<string, string>();

  /** How many subscriptions it holds. */
  get size(): number {
    return this.entries.size;
  }

  has(subscriptionId: string): boolean {
    return this.entries.has(subscriptionId);
  }

  /** Files the subscription's filter, replacing the one it had. */
  add(subscriptionId: string, filter: SubscriptionFilter): void {
    this.remove(subscriptionId);
    const followed = this.followedZones(filter.zoneIds);
    const keys = keysOf(filter, followed);
    for (const key of keys) {
      const bucket = this.buckets.get(key) ?? new Set<string>();
      bucket.add(subscriptionId);
      this.buckets.set(key, bucket);
    }
    this.entries.set(subscriptionId, { filter, followed, keys });
  }

  /** Replaces the subscription's filter (the same as add). */
  update(subscriptionId: string, filter: SubscriptionFilter): void {
    this.add(subscriptionId, filter);
  }

  /** Forgets the subscription; nothing happens if it is not held. */
  remove(subscriptionId: string): void {
    const entry = this.entries.get(subscriptionId);
    if (!entry) return;
    for (const key of entry.keys) {
      const bucket = this.buckets.get(key);
      bucket?.delete(subscriptionId);
      if (bucket?.size === 0) this.buckets.delete(key);
    }
    this.entries.delete(subscriptionId);
  }

  /** The subscriptions whose filter the event meets, by id. */
  match(facts: NotificationFacts): SubscriptionMatch[] {
    const matches: SubscriptionMatch[] = [];
    for (const subscriptionId of this.candidates(facts)) {
      const entry = this.entries.get(subscriptionId) as Entry;
      if (!filterMatches(entry.filter, facts, entry.followed.keys())) continue;
      const named = new Set(entry.filter.zoneIds);
      const followed = facts.zoneIds
        .filter((zoneId) => entry.followed.has(zoneId) && !named.has(zoneId))
        .map((zoneId) => ({ zoneId, insteadOf: entry.followed.get(zoneId) as string }));
      matches.push({ subscriptionId, followed });
    }
    return matches.sort((a, b) => compare(a.subscriptionId, b.subscriptionId));
  }

  /**
   * The subscriptions filed under a key the event carries: all that `match` checks. Exposed so
   * that a test can tell the index looks at few filters, not all of them.
   */
  candidates(facts: NotificationFacts): ReadonlySet<string> {
    const keys = [
      `eventTypes:${facts.eventType}`,
      ...facts.zoneIds.map((zoneId) => `zoneIds:${zoneId}`),
      ...facts.provinces.map((province) => `provinces:${province}`),
      ...facts.regions.map((region) => `regions:${region}`),
      ...facts.zoneKinds.map((kind) => `zoneKinds:${kind}`),
      ...facts.themes.map((theme) => `themes:${theme}`),
      ...(facts.issuer === undefined ? [] : [`issuers:${facts.issuer}`]),
      ...(facts.rankDelta === undefined ? [] : ['rankMoved']),
      ...(facts.scoreDelta === undefined ? [] : ['scoreChanged']),
    ];
    const found = new Set<string>();
    for (const key of keys) for (const id of this.buckets.get(key) ?? []) found.add(id);
    return found;
  }

  /**
   * Records that `absorbedZoneIds` merged into `survivingZoneId`: every subscription naming (or
   * following) an absorbed zone follows the survivor from now on. Returns their ids. Telling the
   * same merger again changes nothing.
   */
  followMerger(absorbedZoneIds: readonly string[], survivingZoneId: string): string[] {
    const affected = new Set<string>();
    for (const absorbed of absorbedZoneIds) {
      if (absorbed === survivingZoneId) continue;
      this.survivors.set(absorbed, survivingZoneId);
      for (const id of this.buckets.get(`zoneIds:${absorbed}`) ?? []) affected.add(id);
    }
    for (const id of affected) this.add(id, (this.entries.get(id) as Entry).filter);
    return [...affected].sort(compare);
  }

  // For each named zone, its survivor, that survivor's survivor, ...: each followed for the
  // named zone (the first named one, when two named zones lead to the same survivor).
  private followedZones(named: readonly string[]): Map<string, string> {
    const followed = new Map<string, string>();
    const namedSet = new Set(named);
    for (const zoneId of named) {
      const seen = new Set([zoneId]);
      for (let next = this.survivors.get(zoneId); next && !seen.has(next); ) {
        seen.add(next);
        if (!namedSet.has(next) && !followed.has(next)) followed.set(next, zoneId);
        next = this.survivors.get(next);
      }
    }
    return followed;
  }
}

/**
 * Tells the index of a merger (ZonesMerged): subscriptions naming an absorbed zone follow the
 * surviving zone. Returns the subscriptions now following it.
 */
export function followMerger(
  index: SubscriptionIndex,
  absorbedZoneIds: readonly string[],
  survivingZoneId: string,
): string[] {
  return index.followMerger(absorbedZoneIds, survivingZoneId);
}

// The keys a filter is filed under: its zones (named and followed), else its first anchor
// criterion's values, else the fact its first threshold needs.
function keysOf(filter: SubscriptionFilter, followed: ReadonlyMap<string, string>): string[] {
  if (filter.zoneIds.length > 0)
    return [...filter.zoneIds, ...followed.keys()].map((zoneId) => `zoneIds:${zoneId}`);
  const anchor = ANCHORS.find((criterion) => filter[criterion].length > 0);
  if (anchor) return filter[anchor].map((value) => `${anchor}:${value}`);
  if (filter.rankMoved) return ['rankMoved'];
  if (filter.scoreChanged) return ['scoreChanged'];
  throw new Error('a filter naming nothing cannot be indexed (filterOf refuses it)');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
