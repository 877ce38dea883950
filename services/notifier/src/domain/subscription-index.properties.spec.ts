import { REGIONS, ZONE_KINDS } from '@zoneledger/shared-kernel';
import fc from 'fast-check';
import { NOTIFIABLE_EVENT_TYPES } from './event-types';
import type { NotificationFacts } from './notification-facts';
import { filterMatches, namesNothing, type SubscriptionFilter } from './subscription-filter';
import { SubscriptionIndex } from './subscription-index';

// The index finds exactly what a scan of every subscription's filter finds. Small vocabularies
// make filters and facts overlap often.

const ZONES = ['zone-a', 'zone-b', 'zone-c', 'zone-d', 'zone-e'];
const PROVINCES = ['江苏省', '广东省', '四川省'];
const THEMES = ['opening-up', 'reform autonomy', 'finance'];
const ISSUERS = ['国务院', '商务部'];
const TYPES = ['ZoneRankChanged', 'ZoneScoreChanged', 'PolicyIssued', 'ZonesMerged'] as const;

const some = <T>(values: readonly T[]) =>
  fc.uniqueArray(fc.constantFrom(...values), { maxLength: 2 }).map((list) => [...list].sort());
const threshold = (atLeast: fc.Arbitrary<number>) =>
  fc.option(
    fc.record({
      atLeast,
      direction: fc.constantFrom(
        'CHANGE_DIRECTION_UP',
        'CHANGE_DIRECTION_DOWN',
        'CHANGE_DIRECTION_EITHER' as const,
      ),
    }),
    {
      nil: undefined,
      freq: 3,
    },
  );

const filterArb: fc.Arbitrary<SubscriptionFilter> = fc
  .record({
    eventTypes: some(TYPES),
    zoneIds: some(ZONES),
    provinces: some(PROVINCES),
    regions: some(REGIONS),
    zoneKinds: some(ZONE_KINDS.slice(0, 2)),
    themes: some(THEMES),
    issuers: some(ISSUERS),
    rankMoved: threshold(fc.integer({ min: 0, max: 5 })),
    scoreChanged: threshold(fc.constantFrom(0, 0.5, 2)),
  })
  .map(({ rankMoved, scoreChanged, ...lists }) => ({
    ...lists,
    ...(rankMoved ? { rankMoved } : {}),
    ...(scoreChanged ? { scoreChanged } : {}),
  }))
  .filter((filter) => !namesNothing(filter));

const factsArb: fc.Arbitrary<NotificationFacts> = fc
  .record({
    eventType: fc.constantFrom(...TYPES, ...NOTIFIABLE_EVENT_TYPES.slice(0, 2)),
    zoneIds: some(ZONES),
    provinces: some(PROVINCES),
    regions: some(REGIONS),
    zoneKinds: some(ZONE_KINDS.slice(0, 2)),
    themes: some(THEMES),
    issuer: fc.option(fc.constantFrom(...ISSUERS), { nil: undefined }),
    rankDelta: fc.option(fc.integer({ min: -7, max: 7 }), { nil: undefined }),
    scoreDelta: fc.option(fc.constantFrom(-3, -0.5, 0, 0.4, 2), { nil: undefined }),
  })
  .map(({ issuer, rankDelta, scoreDelta, ...facts }) => ({
    ...facts,
    ...(issuer === undefined ? {} : { issuer }),
    ...(rankDelta === undefined ? {} : { rankDelta }),
    ...(scoreDelta === undefined ? {} : { scoreDelta }),
  }));

const mergerArb = fc.record({
  absorbed: fc.uniqueArray(fc.constantFrom(...ZONES), { minLength: 1, maxLength: 2 }),
  survivor: fc.constantFrom(...ZONES),
});

// Every zone reachable from `zoneId` through the mergers, in order of telling.
function reachable(zoneId: string, mergers: readonly { absorbed: string[]; survivor: string }[]) {
  const survivors = new Map<string, string>();
  for (const { absorbed, survivor } of mergers)
    for (const zone of absorbed) if (zone !== survivor) survivors.set(zone, survivor);
  const seen = new Set([zoneId]);
  for (let next = survivors.get(zoneId); next && !seen.has(next); next = survivors.get(next))
    seen.add(next);
  return seen;
}

describe('the matching index', () => {
  it('matches what a scan of every filter matches', () =>
    fc.assert(
      fc.property(fc.array(filterArb, { maxLength: 30 }), factsArb, (filters, facts) => {
        const index = new SubscriptionIndex();
        filters.forEach((filter, n) => index.add(`s${String(n).padStart(2, '0')}`, filter));
        const scanned = filters.flatMap((filter, n) =>
          filterMatches(filter, facts) ? [`s${String(n).padStart(2, '0')}`] : [],
        );
        expect(index.match(facts).map((match) => match.subscriptionId)).toEqual(scanned);
      }),
    ));

  it('matches what a scan finds with every zone followed through the mergers told', () =>
    fc.assert(
      fc.property(
        fc.array(filterArb, { maxLength: 20 }),
        fc.array(mergerArb, { maxLength: 3 }),
        fc.integer({ min: 0, max: 20 }),
        factsArb,
        (filters, mergers, addedBefore, facts) => {
          // Some subscriptions come before the mergers are told, the rest after.
          const index = new SubscriptionIndex();
          const add = (filter: SubscriptionFilter, n: number) =>
            index.add(`s${String(n).padStart(2, '0')}`, filter);
          filters.slice(0, addedBefore).forEach(add);
          for (const { absorbed, survivor } of mergers) index.followMerger(absorbed, survivor);
          filters.slice(addedBefore).forEach((filter, n) => add(filter, n + addedBefore));
          const scanned = filters.flatMap((filter, n) => {
            const zones = new Set(filter.zoneIds.flatMap((zone) => [...reachable(zone, mergers)]));
            const followed = [...zones].filter((zone) => !filter.zoneIds.includes(zone));
            return filterMatches(filter, facts, followed) ? [`s${String(n).padStart(2, '0')}`] : [];
          });
          expect(index.match(facts).map((match) => match.subscriptionId)).toEqual(scanned);
        },
      ),
    ));

  it('matches nothing for a subscription added then removed', () =>
    fc.assert(
      fc.property(
        fc.array(filterArb, { maxLength: 10 }),
        filterArb,
        fc.array(factsArb, { minLength: 1, maxLength: 10 }),
        (others, filter, events) => {
          const index = new SubscriptionIndex();
          others.forEach((other, n) => index.add(`other-${n}`, other));
          const before = events.map((facts) => index.match(facts));
          index.add('added', filter);
          index.remove('added');
          expect(events.map((facts) => index.match(facts))).toEqual(before);
          expect(events.some((facts) => index.candidates(facts).has('added'))).toBe(false);
          expect(index.has('added')).toBe(false);
        },
      ),
    ));
});
