import { encodeEventData, eventContract } from '@zoneledger/contracts';
import { encodeCloudEvent, type CloudEvent, type ConsumedEvent } from '@zoneledger/messaging';
import type { Projection } from '@zoneledger/projections';
import type { Message } from 'kafkajs';
import { randomUUID } from 'node:crypto';

const ZONE_REGISTERED = 'zoneledger.zone.v1.ZoneRegistered';
const PROVINCES = ['江苏省', '浙江省', '广东省', '山东省', '四川省'];

interface ZoneRow {
  readonly zoneId: string;
  readonly nameEn: string;
  readonly province: string;
  readonly registeredAt: string;
}

function zoneRow(event: ConsumedEvent): ZoneRow {
  const { zoneId, nameEn, province } = event.data as Record<string, string>;
  return { zoneId, nameEn, province, registeredAt: event.cloudEvent.time.toISOString() };
}

const UPSERT = `on conflict (zone_id) do update set name_en = excluded.name_en, province = excluded.province`;

/**
 * The read model: a row per registered zone. `handle` upserts one event's row; with `batched`,
 * `handleBatch` upserts a batch's rows in one statement (the last event per zone wins, as one
 * by one).
 */
export function zoneView(topic: string, batched: boolean): Projection {
  return {
    name: 'zone-view',
    topics: [topic],
    tables: ['zone_view'],
    async createTables(manager, context) {
      await manager.query(`create table ${context.table('zone_view')} (
        zone_id text primary key, name_en text not null, province text not null, registered_at timestamptz not null)`);
    },
    async handle(event, manager, context) {
      const row = zoneRow(event);
      await manager.query(
        `insert into ${context.table('zone_view')} (zone_id, name_en, province, registered_at)
         values ($1, $2, $3, $4) ${UPSERT}`,
        [row.zoneId, row.nameEn, row.province, row.registeredAt],
      );
    },
    ...(batched
      ? {
          async handleBatch(events, manager, context) {
            const rows = [...new Map(events.map(zoneRow).map((row) => [row.zoneId, row])).values()];
            await manager.query(
              `insert into ${context.table('zone_view')} (zone_id, name_en, province, registered_at)
               select * from unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) ${UPSERT}`,
              [
                rows.map((row) => row.zoneId),
                rows.map((row) => row.nameEn),
                rows.map((row) => row.province),
                rows.map((row) => row.registeredAt),
              ],
            );
          },
        }
      : {}),
  };
}

/** The n-th zone's registration event, as the zone-registry's relay publishes it. */
function zoneRegisteredCloudEvent(run: string, n: number): CloudEvent {
  const zoneId = `zone-${run}-${n}`;
  return {
    id: randomUUID(),
    source: '/zoneledger/zone-registry',
    type: ZONE_REGISTERED,
    subject: zoneId,
    time: new Date(),
    dataschema: eventContract(ZONE_REGISTERED).dataschema,
    data: encodeEventData(ZONE_REGISTERED, {
      zoneId,
      nameZh: '苏州工业园区',
      nameEn: `Development zone ${n}`,
      kind: 'ZONE_KIND_ETDZ',
      level: 'ZONE_LEVEL_NATIONAL',
      province: PROVINCES[n % PROVINCES.length],
      city: '苏州市',
      region: 'REGION_EAST',
      approvedOn: { year: 1994, month: 2 },
    }),
    extensions: { streamversion: '1', correlationid: randomUUID(), actor: 'bench@zoneledger' },
  };
}

/** The n-th zone's registration as the zone-registry's relay publishes it. */
export function zoneRegistered(run: string, n: number): Message {
  return encodeCloudEvent(zoneRegisteredCloudEvent(run, n));
}

/**
 * The same event as a consumer hands it over, made in memory without Kafka or protobuf: the
 * fields the projection reads, cheaply, so that writing its rows is what gets measured.
 */
export function zoneRegisteredEvent(
  run: string,
  n: number,
  topic: string,
  partition: number,
  offset: number,
): ConsumedEvent {
  const zoneId = `zone-${run}-${n}`;
  return {
    cloudEvent: {
      id: `${zoneId}-registered`,
      source: '/zoneledger/zone-registry',
      type: ZONE_REGISTERED,
      subject: zoneId,
      time: new Date(),
      dataschema: '',
      data: new Uint8Array(0),
    },
    data: { zoneId, nameEn: `Development zone ${n}`, province: PROVINCES[n % PROVINCES.length] },
    topic,
    partition,
    offset: String(offset),
    headers: {},
  };
}
