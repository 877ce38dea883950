import { consumedEvents, zoneEvent, zoneRegistered } from '@zoneledger/service-testing';
import { foldZoneNames, namesIn, type ZoneNamesRow } from './zone-names.projection';

describe('zone names: the names an event gives its zone', () => {
  it('takes a registration’s and a rename’s names, the English one only when given', () => {
    expect(namesIn('ZoneRegistered', 'sip', { nameZh: '苏州工业园区', nameEn: 'SIP' })).toEqual({
      nameZh: '苏州工业园区',
      nameEn: 'SIP',
    });
    expect(namesIn('ZoneRenamed', 'sip', { nameZh: '园区' })).toEqual({ nameZh: '园区' });
  });

  it('takes a merger’s names for the zone it creates only', () => {
    const merger = { survivingZoneId: 'huangpu', newZone: { zoneId: 'huangpu', nameZh: '黄埔' } };
    expect(namesIn('ZonesMerged', 'huangpu', merger)).toEqual({ nameZh: '黄埔' });
    expect(namesIn('ZonesMerged', 'gz-etdz', merger)).toBeUndefined();
    expect(namesIn('ZoneUpgraded', 'sip', {})).toBeUndefined();
  });
});

describe('zone names: folding a batch of events', () => {
  const events = consumedEvents([
    zoneRegistered({ zoneId: 'sip', nameZh: '苏州工业园区', nameEn: 'SIP' }),
    zoneRegistered({ zoneId: 'kunshan', nameZh: '昆山', nameEn: 'Kunshan' }),
    zoneEvent('sip', 2, 'ZoneRenamed', { zoneId: 'sip', nameZh: '中新园区', nameEn: 'CS-SIP' }),
    zoneEvent('sip', 3, 'ZoneUpgraded', { zoneId: 'sip', level: 'ZONE_LEVEL_NATIONAL' }),
    zoneEvent('sip', 4, 'ZoneRenamed', { zoneId: 'sip', nameZh: '园区' }),
  ]);
  const oneByOne = (rows: ReadonlyMap<string, ZoneNamesRow>) =>
    events.reduce((held, event) => new Map([...held, ...foldZoneNames(held, [event])]), rows);

  it('folds several events of a zone onto its row: the last names, at that event’s version', () => {
    const changed = foldZoneNames(new Map(), events);

    expect(changed).toEqual(
      new Map([
        ['sip', { streamVersion: 4, nameZh: '园区' }],
        ['kunshan', { streamVersion: 1, nameZh: '昆山', nameEn: 'Kunshan' }],
      ]),
    );
    expect(changed).toEqual(oneByOne(new Map()));
  });

  it('keeps a later name when an earlier rename or the registration is redelivered', () => {
    const renamed = new Map([['sip', { streamVersion: 4, nameZh: '园区' }]]);
    const [registration, , firstRename] = events;

    expect(foldZoneNames(renamed, [firstRename, registration, firstRename])).toEqual(new Map());
    expect(foldZoneNames(foldZoneNames(new Map(), events), events)).toEqual(new Map());
  });

  it('writes a row for a zone it has none of only from an event that names it, as handle does', () => {
    const ghost = (streamVersion: number, type: string, data: Record<string, unknown>) =>
      consumedEvents([zoneEvent('ghost', streamVersion, type, { zoneId: 'ghost', ...data })]);

    expect(foldZoneNames(new Map(), ghost(2, 'ZoneExited', {}))).toEqual(new Map());
    expect(
      foldZoneNames(new Map(), ghost(3, 'ZoneUpgraded', { level: 'ZONE_LEVEL_NATIONAL' })),
    ).toEqual(new Map());
    expect(foldZoneNames(new Map(), ghost(4, 'ZoneRenamed', { nameZh: '幽灵区' }))).toEqual(
      new Map([['ghost', { streamVersion: 4, nameZh: '幽灵区' }]]),
    );
  });
});
