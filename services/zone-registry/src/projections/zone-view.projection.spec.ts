import type { RecordedEvent } from '@zoneledger/event-store';
import { toOutboxMessage, type ConsumedEvent } from '@zoneledger/messaging';
import { consumedEvents } from '@zoneledger/service-testing';
import { zoneStreamId } from '../application/zone-command';
import {
  GUANGZHOU_BONDED,
  GUANGZHOU_ETDZ,
  GUANGZHOU_EXPORT,
  GUANGZHOU_HIGH_TECH,
  GUANGZHOU_MERGED,
  HUADU_UPGRADED,
  HUANGPU_CREATED,
  registered,
  SIP,
} from '../domain/testing/zone-fixtures';
import type { ZoneEvent, ZonesMerged } from '../domain/zone.events';
import { foldZoneEvents, type ZoneViewRow } from './zone-view.projection';

const HUANGPU_MERGED: ZonesMerged = {
  type: 'ZonesMerged',
  data: {
    mergerId: 'merger-huangpu-2014',
    survivingZoneId: HUANGPU_CREATED.zoneId,
    absorbedZoneIds: [GUANGZHOU_ETDZ.zoneId],
    newZone: HUANGPU_CREATED,
    effectiveOn: { year: 2014 },
    kind: 'MERGER_KIND_OTHER',
  },
};

const SIP_RENAMED: ZoneEvent = {
  type: 'ZoneRenamed',
  data: {
    zoneId: SIP.zoneId,
    nameZh: '中新苏州工业园区',
    nameEn: 'China-Singapore Suzhou Industrial Park',
    previousNameZh: SIP.nameZh,
    previousNameEn: SIP.nameEn,
  },
};

const SIP_FOCUS: ZoneEvent = {
  type: 'ZoneIndustryFocusSet',
  data: { zoneId: SIP.zoneId, industryFocus: ['integrated circuits'] },
};

/** Events in the order the event store recorded them, each with its stream's next version. */
function recorded(...events: [zoneId: string, event: ZoneEvent][]): RecordedEvent[] {
  const versions = new Map<string, number>();
  return events.map(([zoneId, event], at) => {
    const streamVersion = (versions.get(zoneId) ?? 0) + 1;
    versions.set(zoneId, streamVersion);
    return {
      ...event,
      eventId: `0193f3a2-7c1e-7d4a-9b2e-${String(at).padStart(12, '0')}`,
      schemaVersion: 1,
      metadata: { actor: 'alice', correlationId: 'c-1' },
      streamId: zoneStreamId(zoneId),
      streamType: 'zone',
      streamVersion,
      position: BigInt(at + 1),
      transactionId: BigInt(at + 1),
      recordedAt: new Date('2025-06-30T04:00:00Z'),
    };
  });
}

/** The events as the projection consumes them: encoded by the relay, decoded by the consumer. */
function consumed(events: readonly RecordedEvent[], firstOffset = 0): ConsumedEvent[] {
  return consumedEvents(
    events.map((event) => toOutboxMessage(event, '/zoneledger/zone-registry', '').message),
    'zoneledger.zones.v1',
    firstOffset,
  );
}

// Interleaved as concurrent commands record them: several events of a zone, a merger recorded on
// four streams, a merger creating a zone, and a change to a zone the register never had.
const RECORDED = recorded(
  [SIP.zoneId, registered(SIP)],
  ...[GUANGZHOU_ETDZ, GUANGZHOU_HIGH_TECH, GUANGZHOU_BONDED, GUANGZHOU_EXPORT].map(
    (zone): [string, ZoneEvent] => [zone.zoneId, registered(zone)],
  ),
  [SIP.zoneId, SIP_RENAMED],
  ...[GUANGZHOU_ETDZ, GUANGZHOU_HIGH_TECH, GUANGZHOU_BONDED, GUANGZHOU_EXPORT].map(
    (zone): [string, ZoneEvent] => [zone.zoneId, GUANGZHOU_MERGED],
  ),
  [HUADU_UPGRADED.data.zoneId, HUADU_UPGRADED],
  [HUANGPU_CREATED.zoneId, HUANGPU_MERGED],
  [GUANGZHOU_ETDZ.zoneId, HUANGPU_MERGED],
  [SIP.zoneId, SIP_FOCUS],
);
const HISTORY = consumed(RECORDED);

/** The view's rows as the database returns them (the state went through jsonb). */
type Stored = Map<string, ZoneViewRow>;

function store(rows: Stored, changed: ReadonlyMap<string, ZoneViewRow>): Stored {
  const next = new Map(rows);
  for (const [zoneId, row] of changed) next.set(zoneId, JSON.parse(JSON.stringify(row)));
  return next;
}

const oneByOne = (rows: Stored, events: readonly ConsumedEvent[]): Stored =>
  events.reduce((stored, event) => store(stored, foldZoneEvents(stored, [event])), rows);

const atOnce = (rows: Stored, events: readonly ConsumedEvent[]): Stored =>
  store(rows, foldZoneEvents(rows, events));

describe('foldZoneEvents', () => {
  it('leaves the same rows folding a run of events at once as one at a time', () => {
    const view = atOnce(new Map(), HISTORY);

    expect(view).toEqual(oneByOne(new Map(), HISTORY));
    expect(view).toEqual(atOnce(oneByOne(new Map(), HISTORY.slice(0, 7)), HISTORY.slice(7)));
  });

  it('folds each event onto its own stream’s row, at its stream version', () => {
    const view = atOnce(new Map(), HISTORY);

    expect([...view.keys()].sort()).toEqual(
      [
        SIP.zoneId,
        GUANGZHOU_ETDZ.zoneId,
        GUANGZHOU_HIGH_TECH.zoneId,
        GUANGZHOU_BONDED.zoneId,
        GUANGZHOU_EXPORT.zoneId,
        HUANGPU_CREATED.zoneId,
      ].sort(),
    );
    expect(view.get(SIP.zoneId)).toMatchObject({
      streamVersion: 3,
      state: { nameZh: '中新苏州工业园区', industryFocus: ['integrated circuits'] },
    });
    expect(view.get(GUANGZHOU_HIGH_TECH.zoneId)).toMatchObject({
      streamVersion: 2,
      state: { status: { kind: 'merged', into: GUANGZHOU_ETDZ.zoneId } },
    });
    expect(view.get(GUANGZHOU_ETDZ.zoneId)).toMatchObject({
      streamVersion: 3,
      state: {
        status: { kind: 'merged', into: HUANGPU_CREATED.zoneId },
        lineage: { mergerIds: ['merger-gz-2002', 'merger-huangpu-2014'] },
      },
    });
    expect(view.get(HUANGPU_CREATED.zoneId)).toMatchObject({
      streamVersion: 1,
      state: {
        nameZh: HUANGPU_CREATED.nameZh,
        lineage: { absorbedZoneIds: [GUANGZHOU_ETDZ.zoneId] },
      },
    });
  });

  it('changes nothing for events it applied before, redelivered or re-published at new offsets', () => {
    const view = atOnce(new Map(), HISTORY);

    expect(foldZoneEvents(view, HISTORY)).toEqual(new Map());
    expect(foldZoneEvents(view, consumed(RECORDED, 100))).toEqual(new Map());
  });

  it('applies only the events past each row’s version when a batch overlaps what was applied', () => {
    const partly = atOnce(new Map(), HISTORY.slice(0, 6));

    const changed = foldZoneEvents(partly, HISTORY);

    expect([...changed.keys()].sort()).toEqual(
      [
        SIP.zoneId,
        GUANGZHOU_ETDZ.zoneId,
        GUANGZHOU_HIGH_TECH.zoneId,
        GUANGZHOU_BONDED.zoneId,
        GUANGZHOU_EXPORT.zoneId,
        HUANGPU_CREATED.zoneId,
      ].sort(),
    );
    expect(store(partly, changed)).toEqual(atOnce(new Map(), HISTORY));
  });

  it('writes no row for a stream no registration or merger started', () => {
    const upgrade = HISTORY.filter((event) => event.cloudEvent.type.endsWith('ZoneUpgraded'));

    expect(upgrade).toHaveLength(1);
    expect(foldZoneEvents(new Map(), upgrade)).toEqual(new Map());
  });
});
