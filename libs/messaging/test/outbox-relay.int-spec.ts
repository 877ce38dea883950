import { eventually, holdEveryConnection } from '@zoneledger/testing';
import { decodeEventData } from '@zoneledger/contracts';
import { PostgresEventStore } from '@zoneledger/event-store';
import type { Kafka } from 'kafkajs';
import { Pool } from 'pg';
import { OutboxRelay } from '../src';
import {
  relayFixture,
  sharedKafka,
  streamVersionsBySubject,
  zoneRegistered,
  type RelayFixture,
} from './relay.fixture';

describe('the outbox relay, from a real event store to a real broker', () => {
  const kafka = sharedKafka('relay-test');
  let fixture: RelayFixture;
  const relays: OutboxRelay[] = [];

  const startRelay = (name = 'relay', pollIntervalMs = 20) => {
    const relay = new OutboxRelay({
      store: fixture.store,
      pool: fixture.pool,
      kafka,
      source: '/zoneledger/zone-registry',
      topicPrefix: fixture.topicPrefix,
      name,
      pollIntervalMs,
    });
    relays.push(relay);
    relay.start();
    return relay;
  };

  beforeEach(async () => {
    fixture = await relayFixture('relay', kafka);
  });

  afterEach(async () => {
    await Promise.all(relays.splice(0).map((relay) => relay.stop()));
    await fixture.dispose();
  });

  it("publishes one stream's large events in requests Kafka accepts, in order", async () => {
    // Twelve renames of 200 KB each on one stream (one partition): 2.4 MB, more than the
    // broker's 1 MiB record batch, which a request of all of them would exceed for ever.
    const zoneId = 'zone-long-names';
    await fixture.store.append(zoneId, 'no_stream', [zoneRegistered(zoneId)], {
      streamType: 'zone',
    });
    for (let version = 1; version <= 12; version += 1) {
      const longName = `${'园'.repeat(66_000)}${version}`;
      await fixture.store.append(
        zoneId,
        version,
        [{ type: 'ZoneRenamed', data: { zoneId, nameZh: longName, nameEn: `Park ${version}` } }],
        { streamType: 'zone' },
      );
    }
    const relay = startRelay();
    const collected = await fixture.collect(kafka);
    try {
      await eventually(() => expect(collected.events).toHaveLength(13), { timeoutMs: 30_000 });
      expect(streamVersionsBySubject(collected.events).get(zoneId)).toEqual(
        Array.from({ length: 13 }, (_, index) => index + 1),
      );
      await eventually(async () => expect(await relay.lag()).toBe(0));
    } finally {
      await collected.stop();
    }
  });

  it('publishes an append as it commits, woken by the store, not by its poll', async () => {
    // A poll of ten minutes: only the store's announcement can make it publish within the test.
    const relay = startRelay('relay', 600_000);
    await eventually(() => expect(relay.status().leader).toBe(true));
    const collected = await fixture.collect(kafka);
    try {
      for (const zoneId of ['zone-woken-1', 'zone-woken-2']) {
        await fixture.recordZoneHistory(zoneId, 2);
        // Far below the poll; room for the first publication's producer connection and topic
        // provisioning on a machine busy with other work.
        await eventually(
          () => expect(relay.status().published).toBe(zoneId.endsWith('1') ? 3 : 6),
          { timeoutMs: 30_000 },
        );
      }
      await eventually(() => expect(collected.events).toHaveLength(6), { timeoutMs: 30_000 });
    } finally {
      await collected.stop();
    }
  });

  it('publishes an append another process committed, woken by its NOTIFY, not by its poll', async () => {
    const relay = startRelay('relay', 600_000);
    await eventually(() => expect(relay.status().leader).toBe(true));
    // Another process's store, as a service has it: no relay leads there, so it announces its
    // appends with a NOTIFY.
    const writerPool = new Pool({ connectionString: process.env.DATABASE_URL, max: 1 });
    const writer = new PostgresEventStore(writerPool, {
      schema: fixture.ids.schema,
      announceAcrossProcesses: true,
    });
    try {
      await writer.append('zone-elsewhere', 'no_stream', [zoneRegistered('zone-elsewhere')], {
        streamType: 'zone',
      });
      await eventually(() => expect(relay.status().published).toBe(1), { timeoutMs: 30_000 });
    } finally {
      await writer.announcements.settled();
      await writerPool.end();
    }
  });

  it('once a read found the end of the outbox, reads the next batch after the acknowledgement, with what committed meanwhile', async () => {
    // What the relay does, in order: each read of the outbox, each send, each acknowledgement.
    const log: string[] = [];
    const sizes: number[] = [];
    const store = Object.create(fixture.store) as PostgresEventStore;
    store.readAll = (...args) => {
      log.push('read');
      return fixture.store.readAll(...args);
    };
    // The first send waits for the test to open the gate.
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const gatedKafka = Object.create(kafka) as Kafka;
    gatedKafka.producer = (config) => {
      const producer = kafka.producer(config);
      const sendBatch = producer.sendBatch.bind(producer);
      producer.sendBatch = async (batch) => {
        log.push('send');
        sizes.push(
          batch.topicMessages?.reduce((sum, { messages }) => sum + messages.length, 0) ?? 0,
        );
        await gate;
        const acknowledged = await sendBatch(batch);
        log.push('acknowledged');
        return acknowledged;
      };
      return producer;
    };
    const relay = new OutboxRelay({
      store,
      pool: fixture.pool,
      kafka: gatedKafka,
      source: '/zoneledger/zone-registry',
      topicPrefix: fixture.topicPrefix,
      pollIntervalMs: 20,
    });
    relays.push(relay);
    await fixture.store.append('zone-first', 'no_stream', [zoneRegistered('zone-first')], {
      streamType: 'zone',
    });
    relay.start();
    await eventually(() => expect(log).toContain('send'));
    // Whatever the send set off at once (a read ahead) has run by the next turn of the loop.
    await new Promise((resolve) => setImmediate(resolve));
    for (const zoneId of ['zone-second', 'zone-third'])
      await fixture.store.append(zoneId, 'no_stream', [zoneRegistered(zoneId)], {
        streamType: 'zone',
      });
    open();

    await eventually(() => expect(relay.status().published).toBe(3), { timeoutMs: 30_000 });
    const first = log.indexOf('send');
    expect(log.slice(first, log.indexOf('acknowledged'))).toEqual(['send']);
    // The two appends made while the first batch travelled go in one batch, read after it.
    expect(sizes).toEqual([1, 2]);
  });

  it('remembers a batch Kafka took while the checkpoint before it failed, and never sends it again', async () => {
    for (const zoneId of ['zone-acked-1', 'zone-acked-2'])
      await fixture.store.append(zoneId, 'no_stream', [zoneRegistered(zoneId)], {
        streamType: 'zone',
      });
    // The first checkpoint write fails, as one cut off by a lost session does, while the next
    // batch (read ahead) is already on its way to Kafka: the term ends, and the next one must
    // start after that batch, not send it again.
    const store = Object.create(fixture.store) as PostgresEventStore;
    let checkpointWrites = 0;
    store.storeCheckpoint = (...args) =>
      checkpointWrites++ === 0
        ? Promise.reject(new Error('Connection terminated unexpectedly'))
        : fixture.store.storeCheckpoint(...args);
    const relay = new OutboxRelay({
      store,
      pool: fixture.pool,
      kafka,
      source: '/zoneledger/zone-registry',
      topicPrefix: fixture.topicPrefix,
      batchSize: 1,
      pollIntervalMs: 20,
      backoff: { initialMs: 10, maxMs: 10 },
    });
    relays.push(relay);
    relay.start();
    await eventually(async () => expect(await relay.lag()).toBe(0), { timeoutMs: 30_000 });
    expect(checkpointWrites).toBeGreaterThan(1);
    expect(relay.status().published).toBe(2);
    // Everything the relay ever sent is on the topic: its end offsets count the records.
    const admin = kafka.admin();
    await admin.connect();
    const offsets = await admin
      .fetchTopicOffsets(fixture.zonesTopic)
      .finally(() => admin.disconnect());
    expect(offsets.reduce((records, { high }) => records + Number(high), 0)).toBe(2);
  });

  it('reads the outbox through its own session, so a pool held by others does not hold it up', async () => {
    const relay = startRelay();
    await eventually(() => expect(relay.status().leader).toBe(true));
    // Every connection the pool can give is taken (the relay holds its session), and the events
    // are appended through another pool.
    const { pool } = fixture;
    const held = await holdEveryConnection(pool);
    const writerPool = new Pool({ connectionString: process.env.DATABASE_URL, max: 1 });
    const collected = await fixture.collect(kafka);
    try {
      const writer = new PostgresEventStore(writerPool, { schema: fixture.ids.schema });
      await writer.append('zone-held-pool', 'no_stream', [zoneRegistered('zone-held-pool')], {
        streamType: 'zone',
      });
      expect(pool.totalCount).toBe(pool.options.max);
      expect(pool.idleCount).toBe(0);
      await eventually(() => expect(relay.status().published).toBe(1), { timeoutMs: 20_000 });
      await eventually(() => expect(collected.events).toHaveLength(1), { timeoutMs: 20_000 });
      expect(collected.events[0].subject).toBe('zone-held-pool');
    } finally {
      held.release();
      await collected.stop();
      await writerPool.end();
    }
  });

  it("publishes every event once, in each zone's order, as a CloudEvent keyed by zone id", async () => {
    const zones = ['zone-sip', 'zone-guangzhou', 'zone-tianjin', 'zone-beijing', 'zone-kunshan'];
    await Promise.all(zones.map((zone) => fixture.recordZoneHistory(zone, 9)));
    startRelay();

    const collected = await fixture.collect(kafka);
    try {
      await eventually(() => expect(collected.events).toHaveLength(50), { timeoutMs: 30_000 });
      const versions = streamVersionsBySubject(collected.events);
      for (const zone of zones) expect(versions.get(zone)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      const [first] = collected.events.filter((event) => event.subject === 'zone-sip');
      expect(first).toMatchObject({
        source: '/zoneledger/zone-registry',
        type: 'zoneledger.zone.v1.ZoneRegistered',
        dataschema: 'urn:zoneledger:proto:zoneledger.zone.v1.ZoneRegistered',
      });
      expect(decodeEventData(first.type, first.data)).toEqual(zoneRegistered('zone-sip').data);
      await eventually(async () => expect(await relays[0].lag()).toBe(0));
    } finally {
      await collected.stop();
    }
  });

  it('publishes events whose transaction commits after a later one, none skipped', async () => {
    startRelay();
    const collected = await fixture.collect(kafka);
    const slow = await fixture.pool.connect();
    try {
      await slow.query('begin');
      await fixture.store.append('zone-slow', 'no_stream', [zoneRegistered('zone-slow')], {
        streamType: 'zone',
        transaction: slow,
      });
      await fixture.store.append('zone-fast', 'no_stream', [zoneRegistered('zone-fast')], {
        streamType: 'zone',
      });
      // The fast event committed first but sits behind the open transaction in the global order.
      await eventually(async () =>
        expect((await fixture.store.readAll(null, 10)).events).toHaveLength(0),
      );
      expect(collected.events).toHaveLength(0);

      await slow.query('commit');
      await eventually(() =>
        expect(collected.events.map((event) => event.subject).sort()).toEqual([
          'zone-fast',
          'zone-slow',
        ]),
      );
    } finally {
      slow.release();
      await collected.stop();
    }
  });

  it('elects a leader per service: relays of other schemas in the same database lead at once', async () => {
    const other = await relayFixture('relay-other', kafka);
    const otherRelay = new OutboxRelay({
      store: other.store,
      pool: other.pool,
      kafka,
      source: '/zoneledger/policy-registry',
      topicPrefix: other.topicPrefix,
    });
    try {
      const mine = startRelay();
      otherRelay.start();
      await eventually(() =>
        expect([mine.status().leader, otherRelay.status().leader]).toEqual([true, true]),
      );
    } finally {
      await otherRelay.stop();
      await other.dispose();
    }
  });

  it('lets one relay lead while another stands by, and hands over without losing an event', async () => {
    const first = startRelay();
    await eventually(() => expect(first.status().leader).toBe(true));
    const second = startRelay();
    await fixture.recordZoneHistory('zone-nanjing', 4);
    const collected = await fixture.collect(kafka);
    try {
      await eventually(() => expect(collected.events).toHaveLength(5));
      expect(second.status()).toMatchObject({ leader: false, published: 0 });

      await first.stop();
      await fixture.recordZoneHistory('zone-wuhan', 4);
      await eventually(() => expect(second.status().leader).toBe(true));
      await eventually(() => expect(collected.events).toHaveLength(10));
      expect(streamVersionsBySubject(collected.events).get('zone-wuhan')).toEqual([1, 2, 3, 4, 5]);
    } finally {
      await collected.stop();
    }
  });
});
