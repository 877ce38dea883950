import type { ConsumedEvent } from '../src';
import { eventually } from '@zoneledger/testing';
import type { Message } from 'kafkajs';
import { KafkaTestbed, zoneRegistered } from './consumer.fixture';

describe('ConsumerRunner against a real broker', () => {
  let bed: KafkaTestbed;

  beforeEach(async () => {
    bed = await new KafkaTestbed('consumer').connect();
  });
  afterEach(() => bed.cleanup());

  it('hands every event over decoded, in order within each partition, and commits what it handled', async () => {
    const topic = await bed.zonesTopic(3);
    const zones = [
      'zone-sip',
      'zone-tianjin',
      'zone-kunshan',
      'zone-huangpu',
      'zone-fuling',
      'zone-nanjing',
    ];
    const sent: Message[] = Array.from({ length: 36 }, (_, i) =>
      zoneRegistered(zones[i % zones.length]),
    );
    await bed.send(topic, sent);

    const handled: ConsumedEvent[] = [];
    const runner = await bed.runner({
      groupId: bed.group('order'),
      topics: [topic],
      fromBeginning: true,
      partitionsConsumedConcurrently: 3,
      handle: async (event) => void handled.push(event),
    });

    await eventually(() => expect(handled).toHaveLength(sent.length), { timeoutMs: 30_000 });
    for (const partition of new Set(handled.map((e) => e.partition))) {
      const offsets = handled.filter((e) => e.partition === partition).map((e) => Number(e.offset));
      expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    }
    for (const zone of zones) {
      const sentIds = sent.filter((m) => m.key === zone).map((m) => String(m.headers?.ce_id));
      expect(
        handled.filter((e) => e.cloudEvent.subject === zone).map((e) => e.cloudEvent.id),
      ).toEqual(sentIds);
    }
    expect(handled[0].data).toMatchObject({
      nameEn: 'Suzhou Industrial Park',
      kind: 'ZONE_KIND_ETDZ',
      approvedOn: { year: 1994, month: 2 },
    });
    expect(handled[0].cloudEvent.type).toBe('zoneledger.zone.v1.ZoneRegistered');

    const highWatermarks = await bed.highWatermarks(topic);
    await eventually(async () =>
      expect(await bed.committed(runner.groupId, topic)).toEqual(highWatermarks),
    );
    expect(runner.counters()).toEqual({
      processed: sent.length,
      deadLettered: 0,
      retried: 0,
      unknownTypes: 0,
    });
    expect((await runner.lag()).map((p) => p.lag)).toEqual([0, 0, 0]);
  });

  it('lets the message in hand finish when stopped, and resumes after it', async () => {
    const topic = await bed.zonesTopic(1);
    await bed.send(topic, [zoneRegistered('zone-a'), zoneRegistered('zone-b')]);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const handled: string[] = [];
    let entered = false;
    const groupId = bed.group('stop');
    const runner = await bed.runner({
      groupId,
      topics: [topic],
      fromBeginning: true,
      handle: async (event) => {
        entered = true;
        if (event.cloudEvent.subject === 'zone-a') await released;
        handled.push(event.cloudEvent.subject);
      },
    });
    await eventually(() => expect(entered).toBe(true));
    expect(await runner.lag()).toEqual([
      expect.objectContaining({ partition: 0, highWatermark: '2', lag: 2 }),
    ]);

    const stopped = runner.stop();
    release();
    await stopped;
    expect(handled).toEqual(['zone-a']);
    expect(await bed.committed(groupId, topic)).toEqual({ 0: '1' });

    const after: string[] = [];
    await bed.runner({
      groupId,
      topics: [topic],
      handle: async (event) => void after.push(event.cloudEvent.subject),
    });
    await eventually(() => expect(after).toEqual(['zone-b']));
  });
});
