import type { RecordedEvent } from '@zoneledger/event-store';
import { toOutboxMessage } from '@zoneledger/messaging';
import type { Message } from 'kafkajs';
import { zoneStreamId } from '../../application/zone-command';
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
} from '../../domain/testing/zone-fixtures';
import type { ZoneEvent, ZonesMerged } from '../../domain/zone.events';

// A history of zone events for the view's specs, as the relay publishes them.

export const HUANGPU_MERGED: ZonesMerged = {
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

export const SIP_RENAMED: ZoneEvent = {
  type: 'ZoneRenamed',
  data: {
    zoneId: SIP.zoneId,
    nameZh: '中新苏州工业园区',
    nameEn: 'China-Singapore Suzhou Industrial Park',
    previousNameZh: SIP.nameZh,
    previousNameEn: SIP.nameEn,
  },
};

export const SIP_FOCUS: ZoneEvent = {
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

// Interleaved as concurrent commands record them: several events of a zone, a merger recorded on
// four streams, a merger creating a zone, and a change to a zone the register never had.
export const RECORDED_ZONE_HISTORY = recorded(
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
/** Recorded events as the relay publishes them: the messages a consumer of the topic reads. */
export function publishedMessages(events: readonly RecordedEvent[]): Message[] {
  return events.map((event) => toOutboxMessage(event, '/zoneledger/zone-registry', '').message);
}
