import type { ChangeDirectionJson } from '@zoneledger/contracts';
import {
  provinceNamed,
  REGIONS,
  ZONE_ID_PATTERN,
  ZONE_KINDS,
  type Region,
  type ZoneKind,
} from '@zoneledger/shared-kernel';
import { notifiableEventType, type NotifiableEventType } from './event-types';
import type { NotificationFacts } from './notification-facts';
import {
  EmptyFilterError,
  InvalidFilterValueError,
  InvalidThresholdError,
  UnknownEventTypeError,
  UnknownProvinceError,
} from './notifier.errors';

// What a subscription asks to be told about. Every criterion a filter names must hold (AND
// between criteria); within one criterion, any of its values will do (OR). A criterion left out,
// or empty, does not restrict.
//
// A criterion holds only on a fact the event carries: a filter naming provinces does not match an
// event that says nothing about a province (a ZoneRankChanged, unless the handler told
// notificationFacts which province the zone is in). A filter naming nothing at all is refused
// (NOTIFIER.EMPTY_FILTER) rather than read as "every event": the topics carry every indicator
// submitted, and a firehose should be asked for, by naming every event type
// (NOTIFIABLE_EVENT_TYPES), not fallen into by an empty request body.
//
// A recorded filter is the proto JSON of SubscriptionFilter
// (proto/zoneledger/notification/v1/notification_types.proto): directions by their enum value
// names, every list written out (empty when it does not restrict), thresholds left out when none.

/**
 * Which way a change must go (never CHANGE_DIRECTION_UNSPECIFIED): for ranks, up is climbing
 * (rank 12 to 5, a negative delta).
 */
export type Direction = Exclude<ChangeDirectionJson, 'CHANGE_DIRECTION_UNSPECIFIED'>;

/** A change of at least `atLeast` (in absolute value) in the given direction. */
export interface Threshold {
  readonly atLeast: number;
  readonly direction: Direction;
}

/** A filter as recorded: values tidied, deduplicated and sorted; empty lists do not restrict. */
export interface SubscriptionFilter {
  readonly eventTypes: NotifiableEventType[];
  /** Zone-registry ids; a zone later merged is followed to its survivor (SubscriptionIndex). */
  readonly zoneIds: string[];
  /** Official names, e.g. "江苏省". */
  readonly provinces: string[];
  readonly regions: Region[];
  readonly zoneKinds: ZoneKind[];
  /** Policy themes, lower case, single-spaced. */
  readonly themes: string[];
  /** Issuing bodies in Chinese, e.g. "国务院". */
  readonly issuers: string[];
  /** A zone's national rank moved by at least this many places (ZoneRankChanged). */
  readonly rankMoved?: Threshold;
  /** A zone's total score changed by at least this much (ZoneScoreChanged). */
  readonly scoreChanged?: Threshold;
}

/**
 * A filter as asked: any list may be left out; provinces by official or short name; a threshold's
 * direction left out is CHANGE_DIRECTION_EITHER.
 */
export interface FilterRequest {
  readonly eventTypes?: readonly string[];
  readonly zoneIds?: readonly string[];
  readonly provinces?: readonly string[];
  readonly regions?: readonly string[];
  readonly zoneKinds?: readonly string[];
  readonly themes?: readonly string[];
  readonly issuers?: readonly string[];
  readonly rankMoved?: { readonly atLeast: number; readonly direction?: Direction };
  readonly scoreChanged?: { readonly atLeast: number; readonly direction?: Direction };
}

const DIRECTIONS: readonly Direction[] = [
  'CHANGE_DIRECTION_UP',
  'CHANGE_DIRECTION_DOWN',
  'CHANGE_DIRECTION_EITHER',
];

/**
 * The filter asked for, checked and tidied: known event types (NOTIFIER.UNKNOWN_EVENT_TYPE),
 * provinces (NOTIFIER.UNKNOWN_PROVINCE, short names made official), regions, zone kinds and
 * well-formed zone ids (NOTIFIER.INVALID_FILTER_VALUE), thresholds finite and not negative, whole
 * places for ranks (NOTIFIER.INVALID_THRESHOLD), and at least one criterion
 * (NOTIFIER.EMPTY_FILTER).
 */
export function filterOf(request: FilterRequest): SubscriptionFilter {
  const filter: SubscriptionFilter = {
    eventTypes: tidyList(request.eventTypes, (name) => {
      const type = notifiableEventType(name.trim());
      if (!type) throw new UnknownEventTypeError(name);
      return type;
    }),
    zoneIds: tidyList(request.zoneIds, (id) => {
      const zoneId = id.trim();
      if (!ZONE_ID_PATTERN.test(zoneId)) throw new InvalidFilterValueError('zoneIds', id);
      return zoneId;
    }),
    provinces: tidyList(request.provinces, (name) => {
      const province = provinceNamed(name);
      if (!province) throw new UnknownProvinceError(name);
      return province.name;
    }),
    regions: tidyList(request.regions, (name) => member('regions', name, REGIONS)),
    zoneKinds: tidyList(request.zoneKinds, (name) => member('zoneKinds', name, ZONE_KINDS)),
    themes: tidyList(request.themes, (theme) => words('themes', theme).toLowerCase()),
    issuers: tidyList(request.issuers, (issuer) => words('issuers', issuer)),
    ...thresholdOf('rankMoved', request.rankMoved, { wholeNumber: true }),
    ...thresholdOf('scoreChanged', request.scoreChanged, { wholeNumber: false }),
  };
  if (namesNothing(filter)) throw new EmptyFilterError();
  return filter;
}

/** A filter as read back from an event: proto JSON leaves out empty lists and zero values. */
export type RecordedFilter = {
  readonly [List in Exclude<
    keyof SubscriptionFilter,
    'rankMoved' | 'scoreChanged'
  >]?: SubscriptionFilter[List];
} & {
  readonly rankMoved?: Partial<Threshold>;
  readonly scoreChanged?: Partial<Threshold>;
};

/**
 * The filter an event recorded, its defaults restored: a list left out is empty, a threshold's
 * `atLeast` left out is 0 and its direction left out (never written) CHANGE_DIRECTION_EITHER.
 */
export function recordedFilter(filter: RecordedFilter | undefined): SubscriptionFilter {
  const threshold = (recorded: Partial<Threshold> | undefined): Threshold | undefined =>
    recorded && {
      atLeast: recorded.atLeast ?? 0,
      direction: recorded.direction ?? 'CHANGE_DIRECTION_EITHER',
    };
  const rankMoved = threshold(filter?.rankMoved);
  const scoreChanged = threshold(filter?.scoreChanged);
  return {
    eventTypes: filter?.eventTypes ?? [],
    zoneIds: filter?.zoneIds ?? [],
    provinces: filter?.provinces ?? [],
    regions: filter?.regions ?? [],
    zoneKinds: filter?.zoneKinds ?? [],
    themes: filter?.themes ?? [],
    issuers: filter?.issuers ?? [],
    ...(rankMoved ? { rankMoved } : {}),
    ...(scoreChanged ? { scoreChanged } : {}),
  };
}

/** Whether two recorded filters ask for the same (both tidied by filterOf). */
export function sameFilter(a: SubscriptionFilter, b: SubscriptionFilter): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/**
 * Whether the event the facts describe is one the filter asks for. `followedZoneIds` are zones the
 * subscription follows for the zones it names (their survivors after mergers): they count as
 * named.
 */
export function filterMatches(
  filter: SubscriptionFilter,
  facts: NotificationFacts,
  followedZoneIds: readonly string[] = [],
): boolean {
  if (filter.eventTypes.length > 0 && !filter.eventTypes.includes(facts.eventType)) return false;
  if (filter.zoneIds.length > 0 || followedZoneIds.length > 0) {
    // A filter names a few zones; an event may concern hundreds (a national policy's scope).
    const carried = zoneSetOf(facts);
    if (!concernsAny(carried, filter.zoneIds) && !concernsAny(carried, followedZoneIds))
      return false;
  }
  return (
    meets(filter.provinces, facts.provinces) &&
    meets(filter.regions, facts.regions) &&
    meets(filter.zoneKinds, facts.zoneKinds) &&
    meets(filter.themes, facts.themes) &&
    meets(filter.issuers, facts.issuer === undefined ? [] : [facts.issuer]) &&
    passes(filter.rankMoved, facts.rankDelta, -1) &&
    passes(filter.scoreChanged, facts.scoreDelta, 1)
  );
}

/** Whether the filter names no criterion at all. */
export function namesNothing(filter: SubscriptionFilter): boolean {
  const lists = [
    filter.eventTypes,
    filter.zoneIds,
    filter.provinces,
    filter.regions,
    filter.zoneKinds,
    filter.themes,
    filter.issuers,
  ];
  return lists.every((list) => list.length === 0) && !filter.rankMoved && !filter.scoreChanged;
}

function meets<T>(wanted: readonly T[], carried: readonly T[]): boolean {
  return wanted.length === 0 || carried.some((value) => wanted.includes(value));
}

// `up` is the sign a move "up" has: -1 for ranks (climbing lowers the number), +1 for scores.
function passes(threshold: Threshold | undefined, delta: number | undefined, up: 1 | -1): boolean {
  if (!threshold) return true;
  if (delta === undefined || Math.abs(delta) < threshold.atLeast) return false;
  switch (threshold.direction) {
    case 'CHANGE_DIRECTION_EITHER':
      return true;
    case 'CHANGE_DIRECTION_UP':
      return Math.sign(delta) === up;
    case 'CHANGE_DIRECTION_DOWN':
      return Math.sign(delta) === -up;
  }
}

function concernsAny(carried: ReadonlySet<string>, zoneIds: readonly string[]): boolean {
  for (const zoneId of zoneIds) if (carried.has(zoneId)) return true;
  return false;
}

// The zones an event concerns as a set, made once per facts object (an index checks many filters
// against the same event).
const zoneSets = new WeakMap<NotificationFacts, ReadonlySet<string>>();
function zoneSetOf(facts: NotificationFacts): ReadonlySet<string> {
  let zones = zoneSets.get(facts);
  if (!zones) {
    zones = new Set(facts.zoneIds);
    zoneSets.set(facts, zones);
  }
  return zones;
}

function tidyList<T extends string>(
  values: readonly string[] | undefined,
  tidy: (value: string) => T,
): T[] {
  return [...new Set((values ?? []).map(tidy))].sort();
}

function member<T extends string>(field: string, value: string, allowed: readonly T[]): T {
  const found = allowed.find((candidate) => candidate === value.trim());
  if (!found) throw new InvalidFilterValueError(field, value);
  return found;
}

function words(field: string, value: string): string {
  const tidied = value.trim().replace(/\s+/g, ' ');
  if (!tidied) throw new InvalidFilterValueError(field, value);
  return tidied;
}

function thresholdOf<Field extends 'rankMoved' | 'scoreChanged'>(
  field: Field,
  asked: FilterRequest[Field],
  { wholeNumber }: { readonly wholeNumber: boolean },
): { [K in Field]?: Threshold } {
  if (asked === undefined) return {};
  const { atLeast, direction = 'CHANGE_DIRECTION_EITHER' } = asked;
  if (
    typeof atLeast !== 'number' ||
    !Number.isFinite(atLeast) ||
    atLeast < 0 ||
    (wholeNumber && !Number.isInteger(atLeast))
  )
    throw new InvalidThresholdError(`${field}.atLeast`, atLeast);
  if (!DIRECTIONS.includes(direction))
    throw new InvalidFilterValueError(`${field}.direction`, String(direction));
  return { [field]: { atLeast, direction } } as { [K in Field]?: Threshold };
}

// The filter with its keys in one order, so that equal filters serialise equally.
function canonical(filter: SubscriptionFilter): unknown {
  const { eventTypes, zoneIds, provinces, regions, zoneKinds, themes, issuers } = filter;
  const thresholds = [filter.rankMoved, filter.scoreChanged].map((threshold) =>
    threshold ? [threshold.atLeast, threshold.direction] : null,
  );
  return [eventTypes, zoneIds, provinces, regions, zoneKinds, themes, issuers, thresholds];
}
