import type { NotificationFacts } from './notification-facts';
import { filterMatches, type SubscriptionFilter } from './subscription-filter';

// Which subscriptions an event concerns, without looking at every subscription. Each filter is
// filed in a map from keys to subscription ids, under its two most selective criteria together
// (of zones, followed survivors included, issuers, themes, provinces, zone kinds, regions, event
// types and the facts its thresholds need, in that order), one key per pair of their values, or
// under its one criterion's values when it names only one. Pairs keep the buckets small: "Jiangsu and ZoneRankChanged" holds far fewer
// filters than either alone, which matters when most events carry a province and a type. An event
// looks up the keys of the facts it carries, alone and in pairs; the candidates found are then
// checked against their whole filter (filterMatches). A filter that matches meets every criterion
// it names, so the event carries one of its keys and it is among the candidates: the index finds
// what a scan of every filter finds.
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
  readonly subscriptionId: string;
  readonly filter: SubscriptionFilter;
  /**
   * Whether the keys it is filed under are its whole filter (at most two criteria, no threshold):
   * an event carrying one of them meets it, with no check.
   */
  readonly exact: boolean;
  /** Survivor zone -> the named zone it is followed for. */
  readonly followed: ReadonlyMap<string, string>;
  /** The followed zones (the map's keys), as filterMatches takes them. */
  readonly followedZoneIds: readonly string[];
  readonly keys: readonly string[];
}

/** A criterion a filter may be filed under, most selective first. */
type Anchor =
  | keyof Pick<
      SubscriptionFilter,
      'issuers' | 'themes' | 'provinces' | 'zoneKinds' | 'regions' | 'eventTypes'
    >
  | 'rankMoved'
  | 'scoreChanged';

const ANCHORS: readonly Anchor[] = [
  'issuers',
  'themes',
  'provinces',
  'zoneKinds',
  'regions',
  'eventTypes',
  'rankMoved',
  'scoreChanged',
];

// A threshold criterion's one value: the event carries the change it is about.
const CHANGED = '*';

/** The matching index of the subscriptions to notify (active ones: see matchableFilter). */
export class SubscriptionIndex {
  private readonly entries = new Map<string, Entry>();
  private readonly buckets = new Map<string, Set<Entry>>();
  /** Absorbed zone -> surviving zone, for every merger told. */
  private readonly survivors = new Map<string, string>();
  /** Zone -> the subscriptions naming or following it (whatever keys they are filed under). */
  private readonly watchers = new Map<string, Set<string>>();

  /** How many subscriptions it holds. */
  get size(): number {
    return this.entries.size;
  }

  has(subscriptionId: string): boolean {
    return this.entries.has(subscriptionId);
  }

  /** Files the subscription's filter, replacing the one it had. */
  add(subscriptionId: string, given: SubscriptionFilter): void {
    this.remove(subscriptionId);
    const filter = uniform(given);
    const followed = this.followedZones(filter.zoneIds);
    const keys = keysOf(filter, followed);
    const followedZoneIds = [...followed.keys()];
    const entry: Entry = {
      subscriptionId,
      filter,
      exact: isExact(filter),
      followed,
      followedZoneIds,
      keys,
    };
    for (const key of keys) {
      const bucket = this.buckets.get(key) ?? new Set<Entry>();
      bucket.add(entry);
      this.buckets.set(key, bucket);
    }
    for (const zoneId of [...filter.zoneIds, ...followedZoneIds]) {
      const watching = this.watchers.get(zoneId) ?? new Set<string>();
      watching.add(subscriptionId);
      this.watchers.set(zoneId, watching);
    }
    this.entries.set(subscriptionId, entry);
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
      bucket?.delete(entry);
      if (bucket?.size === 0) this.buckets.delete(key);
    }
    for (const zoneId of [...entry.filter.zoneIds, ...entry.followedZoneIds]) {
      const watching = this.watchers.get(zoneId);
      watching?.delete(subscriptionId);
      if (watching?.size === 0) this.watchers.delete(zoneId);
    }
    this.entries.delete(subscriptionId);
  }

  /** The subscriptions whose filter the event meets, by id. */
  match(given: NotificationFacts): SubscriptionMatch[] {
    const facts = uniformFacts(given);
    const matches: SubscriptionMatch[] = [];
    for (const entry of this.candidateEntries(facts)) {
      const { subscriptionId } = entry;
      if (!entry.exact && !filterMatches(entry.filter, facts, entry.followedZoneIds)) continue;
      if (entry.followed.size === 0) {
        matches.push({ subscriptionId, followed: [] });
        continue;
      }
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
    return new Set([...this.candidateEntries(facts)].map((entry) => entry.subscriptionId));
  }

  private candidateEntries(facts: NotificationFacts): ReadonlySet<Entry> {
    const found = new Set<Entry>();
    const collect = (key: string) => {
      const bucket = this.buckets.get(key);
      if (bucket) for (const entry of bucket) found.add(entry);
    };
    const carried = ANCHORS.map((anchor) => keysOfCriterion(anchor, factValues(facts, anchor)));
    for (const zoneId of facts.zoneIds) {
      const key = `zoneIds:${zoneId}`;
      collect(key);
      for (const keys of carried) for (const other of keys) collect(`${key}|${other}`);
    }
    for (let first = 0; first < carried.length; first += 1) {
      for (const key of carried[first]) {
        collect(key);
        for (let second = first + 1; second < carried.length; second += 1)
          for (const other of carried[second]) collect(`${key}|${other}`);
      }
    }
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
      for (const id of this.watchers.get(absorbed) ?? []) affected.add(id);
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

// The keys a filter is filed under: each pair of values of its two most selective criteria, its
// zones (named and followed) first, else its one criterion's values.
function keysOf(filter: SubscriptionFilter, followed: ReadonlyMap<string, string>): string[] {
  const named = ANCHORS.map((anchor) =>
    keysOfCriterion(anchor, filterValues(filter, anchor)),
  ).filter((keys) => keys.length > 0);
  const zones = [...filter.zoneIds, ...followed.keys()].map((zoneId) => `zoneIds:${zoneId}`);
  const [first, second] = zones.length > 0 ? [zones, ...named] : named;
  if (!first) throw new Error('a filter naming nothing cannot be indexed (filterOf refuses it)');
  if (!second) return first;
  return first.flatMap((key) => second.map((other) => `${key}|${other}`));
}

// Whether a filter names at most two criteria, neither a threshold: then the pair (or the one)
// it is filed under is all it asks, and an event opening its bucket meets it.
function isExact(filter: SubscriptionFilter): boolean {
  if (filter.rankMoved || filter.scoreChanged) return false;
  const lists = [
    filter.zoneIds,
    filter.issuers,
    filter.themes,
    filter.provinces,
    filter.zoneKinds,
    filter.regions,
    filter.eventTypes,
  ];
  return lists.filter((list) => list.length > 0).length <= 2;
}

// What a filter asks of a criterion: its values, or the one value of a threshold it sets.
function filterValues(filter: SubscriptionFilter, anchor: Anchor): readonly string[] {
  if (anchor === 'rankMoved' || anchor === 'scoreChanged') return filter[anchor] ? [CHANGED] : [];
  return filter[anchor];
}

// What an event carries of a criterion.
function factValues(facts: NotificationFacts, anchor: Anchor): readonly string[] {
  switch (anchor) {
    case 'eventTypes':
      return [facts.eventType];
    case 'issuers':
      return facts.issuer === undefined ? [] : [facts.issuer];
    case 'rankMoved':
      return facts.rankDelta === undefined ? [] : [CHANGED];
    case 'scoreChanged':
      return facts.scoreDelta === undefined ? [] : [CHANGED];
    default:
      return facts[anchor];
  }
}

function keysOfCriterion(anchor: Anchor, values: readonly string[]): string[] {
  return values.map((value) => `${anchor}:${value}`);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// Filters and facts leave out what they do not name (thresholds, an issuer, deltas), so they come
// in several object shapes, and checking thousands of filters against an event through property
// accesses that see many shapes is several times slower than through ones that see one. The
// index keeps every filter, and matches every event, in one shape each.
function uniform(filter: SubscriptionFilter): SubscriptionFilter {
  return {
    eventTypes: filter.eventTypes,
    zoneIds: filter.zoneIds,
    provinces: filter.provinces,
    regions: filter.regions,
    zoneKinds: filter.zoneKinds,
    themes: filter.themes,
    issuers: filter.issuers,
    rankMoved: filter.rankMoved,
    scoreChanged: filter.scoreChanged,
  };
}

function uniformFacts(facts: NotificationFacts): NotificationFacts {
  return {
    eventType: facts.eventType,
    zoneIds: facts.zoneIds,
    provinces: facts.provinces,
    regions: facts.regions,
    zoneKinds: facts.zoneKinds,
    themes: facts.themes,
    issuer: facts.issuer,
    rankDelta: facts.rankDelta,
    scoreDelta: facts.scoreDelta,
  };
}
