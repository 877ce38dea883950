import type { RecordedEvent } from '@zoneledger/event-store';
import type { ConsumedEvent } from '@zoneledger/messaging';
import { consumedEvents } from '@zoneledger/service-testing';
import {
  GUANGZHOU_BONDED,
  GUANGZHOU_ETDZ,
  GUANGZHOU_EXPORT,
  GUANGZHOU_HIGH_TECH,
  HUANGPU_CREATED,
  SIP,
} from '../domain/testing/zone-fixtures';
import { publishedMessages, RECORDED_ZONE_HISTORY } from './testing/zone-history';
import { foldZoneEvents, type ZoneViewRow } from './zone-view.projection';

/** The events as the projection consumes them: encoded by the relay, decoded by the consumer. */
function consumed(events: readonly RecordedEvent[], firstOffset = 0): ConsumedEvent[] {
  return consumedEvents(publishedMessages(events), 'zoneledger.zones.v1', firstOffset);
}

const RECORDED = RECORDED_ZONE_HISTORY;
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
