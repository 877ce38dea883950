import { notificationFacts, type NotificationFacts } from './notification-facts';
import { filterOf, type FilterRequest } from './subscription-filter';
import { followMerger, SubscriptionIndex } from './subscription-index';

const HUANGPU = 'zone-guangzhou-huangpu';
const GUANGZHOU_ETDZ = 'zone-guangzhou-etdz';
const GUANGZHOU_HIGH_TECH = 'zone-guangzhou-high-tech';
const SIP = 'zone-sip';

function indexOf(filters: Record<string, FilterRequest>): SubscriptionIndex {
  const index = new SubscriptionIndex();
  for (const [id, filter] of Object.entries(filters)) index.add(id, filterOf(filter));
  return index;
}
const facts = (type: string, data: object): NotificationFacts =>
  notificationFacts(type, data) as NotificationFacts;
const rankChanged = (zoneId: string, delta: number) =>
  facts('ZoneRankChanged', { roundId: '2023', zoneId, rank: 10 + delta, previousRank: 10, delta });
const ids = (index: SubscriptionIndex, event: NotificationFacts) =>
  index.match(event).map((match) => match.subscriptionId);

describe('matching an event to subscriptions', () => {
  const index = indexOf({
    'on-sip': { zoneIds: [SIP] },
    'sip-ranks': { zoneIds: [SIP], eventTypes: ['ZoneRankChanged'] },
    'jiangsu-issued': { provinces: ['江苏'], eventTypes: ['PolicyIssued'] },
    'state-council-autonomy': { issuers: ['国务院'], themes: ['Reform  Autonomy'] },
    'big-climbs': { rankMoved: { atLeast: 10, direction: 'CHANGE_DIRECTION_UP' } },
    'big-falls': {
      rankMoved: { atLeast: 10, direction: 'CHANGE_DIRECTION_DOWN' },
      eventTypes: ['ZoneRankChanged'],
    },
    'score-drops': { scoreChanged: { atLeast: 2.5, direction: 'CHANGE_DIRECTION_DOWN' } },
    mergers: { eventTypes: ['ZonesMerged'] },
  });

  it('finds the subscriptions on the zone, whatever the event type they ask', () =>
    expect(ids(index, rankChanged(SIP, -3))).toEqual(['on-sip', 'sip-ranks']));

  it('applies a rank threshold in its direction: climbing is a negative delta', () => {
    expect(ids(index, rankChanged(SIP, -12))).toEqual(['big-climbs', 'on-sip', 'sip-ranks']);
    expect(ids(index, rankChanged(SIP, 12))).toEqual(['big-falls', 'on-sip', 'sip-ranks']);
    expect(ids(index, rankChanged('zone-nanjing', -10))).toEqual(['big-climbs']);
    expect(ids(index, rankChanged('zone-nanjing', -9))).toEqual([]);
  });

  it('applies a score threshold on the absolute change, in its direction', () => {
    const scoreChanged = (delta: number) =>
      facts('ZoneScoreChanged', { roundId: '2023', zoneId: 'zone-x', delta });
    expect(ids(index, scoreChanged(-2.5))).toEqual(['score-drops']);
    expect(ids(index, scoreChanged(-2.4))).toEqual([]);
    expect(ids(index, scoreChanged(3))).toEqual([]);
  });

  it('requires every criterion a filter names', () => {
    const issued = (province: string, issuer: string, themes: string[]) =>
      facts('PolicyIssued', {
        policyId: 'p',
        issuer,
        themes,
        scope: { provinces: [province] },
      });
    expect(ids(index, issued('江苏省', '国务院', ['reform autonomy']))).toEqual([
      'jiangsu-issued',
      'state-council-autonomy',
    ]);
    expect(ids(index, issued('浙江省', '国务院', ['opening-up']))).toEqual([]);
    expect(ids(index, issued('江苏省', '商务部', ['reform autonomy']))).toEqual(['jiangsu-issued']);
    const amended = facts('PolicyAmended', {
      policyId: 'p',
      themes: ['reform autonomy'],
      scope: { provinces: ['江苏省'] },
    });
    // No issuer in the event, and none told: the issuer criterion does not hold.
    expect(ids(index, amended)).toEqual([]);
  });

  it('looks only at the subscriptions filed under the facts of the event', () => {
    const many = new SubscriptionIndex();
    for (let n = 0; n < 20_000; n += 1)
      many.add(`sub-${n}`, filterOf({ zoneIds: [`zone-${n % 5_000}`] }));
    many.add('climbs', filterOf({ rankMoved: { atLeast: 1, direction: 'CHANGE_DIRECTION_UP' } }));
    const event = rankChanged('zone-42', -2);
    expect(many.candidates(event).size).toBe(5);
    expect(ids(many, event)).toEqual(['climbs', 'sub-10042', 'sub-15042', 'sub-42', 'sub-5042']);
  });

  it('forgets a removed subscription, and a replaced filter', () => {
    const small = indexOf({ a: { zoneIds: [SIP] }, b: { zoneIds: [SIP] } });
    small.remove('a');
    small.update('b', filterOf({ zoneIds: ['zone-nanjing'] }));
    expect(ids(small, rankChanged(SIP, 1))).toEqual([]);
    expect(ids(small, rankChanged('zone-nanjing', 1))).toEqual(['b']);
    expect(small.size).toBe(1);
    expect(small.has('a')).toBe(false);
  });
});

describe('following a merger', () => {
  // Guangzhou ETDZ and Guangzhou High-tech Zone were integrated into one in 2014 (illustrative ids).
  const merged = facts('ZonesMerged', {
    mergerId: 'm-2014',
    survivingZoneId: HUANGPU,
    absorbedZoneIds: [GUANGZHOU_ETDZ, GUANGZHOU_HIGH_TECH],
  });

  it('makes a subscription on an absorbed zone follow the survivor, and says so', () => {
    const index = indexOf({ etdz: { zoneIds: [GUANGZHOU_ETDZ] }, other: { zoneIds: [SIP] } });
    expect(followMerger(index, [GUANGZHOU_ETDZ, GUANGZHOU_HIGH_TECH], HUANGPU)).toEqual(['etdz']);
    expect(index.match(rankChanged(HUANGPU, -4))).toEqual([
      { subscriptionId: 'etdz', followed: [{ zoneId: HUANGPU, insteadOf: GUANGZHOU_ETDZ }] },
    ]);
  });

  it('still matches the absorbed zone itself, without a followed zone', () => {
    const index = indexOf({ etdz: { zoneIds: [GUANGZHOU_ETDZ] } });
    followMerger(index, [GUANGZHOU_ETDZ], HUANGPU);
    expect(index.match(rankChanged(GUANGZHOU_ETDZ, 1))).toEqual([
      { subscriptionId: 'etdz', followed: [] },
    ]);
    expect(index.match(merged)).toEqual([
      { subscriptionId: 'etdz', followed: [{ zoneId: HUANGPU, insteadOf: GUANGZHOU_ETDZ }] },
    ]);
  });

  it('says nothing of following for a subscription naming the survivor too', () => {
    const index = indexOf({ both: { zoneIds: [GUANGZHOU_ETDZ, HUANGPU] } });
    followMerger(index, [GUANGZHOU_ETDZ], HUANGPU);
    expect(index.match(rankChanged(HUANGPU, 1))).toEqual([
      { subscriptionId: 'both', followed: [] },
    ]);
  });

  it('applies mergers told before the subscription was added, and chains of mergers', () => {
    const index = new SubscriptionIndex();
    followMerger(index, ['zone-a'], 'zone-b');
    followMerger(index, ['zone-b'], 'zone-c');
    index.add('on-a', filterOf({ zoneIds: ['zone-a'], eventTypes: ['ZoneRankChanged'] }));
    expect(index.match(rankChanged('zone-c', 2))).toEqual([
      { subscriptionId: 'on-a', followed: [{ zoneId: 'zone-c', insteadOf: 'zone-a' }] },
    ]);
    expect(followMerger(index, ['zone-c'], 'zone-d')).toEqual(['on-a']);
    expect(index.match(rankChanged('zone-d', 2))[0].followed).toEqual([
      { zoneId: 'zone-d', insteadOf: 'zone-a' },
    ]);
  });

  it('keeps following after the filter changes, for the zones it still names', () => {
    const index = indexOf({ s: { zoneIds: [GUANGZHOU_ETDZ] } });
    followMerger(index, [GUANGZHOU_ETDZ], HUANGPU);
    index.update('s', filterOf({ zoneIds: [GUANGZHOU_ETDZ], eventTypes: ['ZoneScoreChanged'] }));
    expect(ids(index, facts('ZoneScoreChanged', { zoneId: HUANGPU, delta: 1 }))).toEqual(['s']);
    index.update('s', filterOf({ zoneIds: [SIP] }));
    expect(ids(index, facts('ZoneScoreChanged', { zoneId: HUANGPU, delta: 1 }))).toEqual([]);
  });
});
