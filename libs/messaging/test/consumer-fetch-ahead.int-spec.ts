import type { ConsumedEvent } from '../src';
import { eventually } from '@zoneledger/testing';
import { KafkaTestbed, zoneEventOfUnknownType, zoneRegistered } from './consumer.fixture';

const subjects = (events: readonly ConsumedEvent[]) => events.map((e) => e.cloudEvent.subject);

describe('ConsumerRunner with fetchAhead, against a real broker', () => {
  let bed: KafkaTestbed;

  beforeEach(async () => {
    bed = await new KafkaTestbed('consumer_ahead').connect();
  });
  afterEach(() => bed.cleanup());

  it('hands every message over once, in order per partition, one batch per partition at a time, across many fetches', async () => {
    const topic = await bed.zonesTopic(2);
    // Keys decide the partition: both partitions get a long run of their own.
    const sent = Array.from({ length: 600 }, (_, i) => zoneRegistered(`zone-${i}`));
    await bed.send(topic, sent);

    const byPartition = new Map<number, string[]>();
    const inHand = new Map<number, number>();
    let mostInHand = 0;
    const groupId = bed.group('ahead');
    await bed.runner({
      groupId,
      topics: [topic],
      fromBeginning: true,
      fetchAhead: true,
      partitionsConsumedConcurrently: 2,
      maxBatchSize: 16,
      // Small fetches: the 600 messages come in dozens of them.
      consumer: { maxWaitTimeInMs: 200, maxBytesPerPartition: 4096 },
      handle: async () => {
        throw new Error('a batch handler that succeeds leaves nothing to handle one by one');
      },
      handleBatch: async (events) => {
        const { partition } = events[0];
        inHand.set(partition, (inHand.get(partition) ?? 0) + 1);
        mostInHand = Math.max(mostInHand, inHand.get(partition) ?? 0);
        // Yields to the event loop, so a fetch that arrives meanwhile would be handed over.
        await new Promise<void>((resolve) => setImmediate(resolve));
        byPartition.set(partition, [...(byPartition.get(partition) ?? []), ...subjects(events)]);
        inHand.set(partition, (inHand.get(partition) ?? 0) - 1);
      },
    });

    await eventually(() => expect([...byPartition.values()].flat()).toHaveLength(sent.length), {
      timeoutMs: 60_000,
    });
    expect(byPartition.size).toBe(2);
    const received = await bed.readAll(topic, sent.length);
    for (const [partition, handled] of byPartition) {
      const order = received
        .filter((message) => message.partition === partition)
        .map((message) => message.key?.toString());
      expect(handled).toEqual(order);
    }
    expect(mostInHand).toBe(1);
    const ends = Object.fromEntries(
      [...byPartition].map(([partition, handled]) => [partition, String(handled.length)]),
    );
    await eventually(async () => expect(await bed.committed(groupId, topic)).toEqual(ends));
  });

  it('seeks back to the message in hand when handling fails after the offsets were resolved, and loses nothing', async () => {
    const topic = await bed.zonesTopic(1);
    await bed.send(topic, [
      zoneRegistered('zone-a'),
      zoneRegistered('zone-b'),
      zoneEventOfUnknownType('zone-unknown'),
      zoneRegistered('zone-c'),
      zoneRegistered('zone-d'),
    ]);

    const handled: string[] = [];
    let passOvers = 0;
    const runner = await bed.runner({
      groupId: bed.group('ahead-failure'),
      topics: [topic],
      fromBeginning: true,
      fetchAhead: true,
      handle: async (event) => void handled.push(event.cloudEvent.subject),
      handleBatch: async (events) => void handled.push(...subjects(events)),
      // The first pass-over fails outside any handler (e.g. its checkpoint's database is down):
      // the batch's offsets were resolved already, so only a seek brings its rest back.
      onSkipped: async () => {
        passOvers++;
        if (passOvers === 1) throw new Error('the checkpoint could not be written');
      },
    });

    await eventually(() => expect(handled).toEqual(['zone-a', 'zone-b', 'zone-c', 'zone-d']), {
      timeoutMs: 60_000,
    });
    expect(passOvers).toBe(2);
    expect(runner.counters().unknownTypes).toBe(1);
  });

  it('stops the batch in hand and drops batches fetched ahead when the handler seeks, then reads from the seek', async () => {
    const topic = await bed.zonesTopic(1);
    const zones = Array.from({ length: 40 }, (_, i) => `zone-${i}`);
    await bed.send(
      topic,
      zones.map((zone) => zoneRegistered(zone)),
    );

    const batches: string[][] = [];
    const runner = await bed.runner({
      groupId: bed.group('ahead-seek'),
      topics: [topic],
      fromBeginning: true,
      fetchAhead: true,
      // Runs of 2 in fetches of several messages: the first batch has runs after the seek.
      maxBatchSize: 2,
      consumer: { maxWaitTimeInMs: 200, maxBytesPerPartition: 16_384 },
      handle: async (event) => void batches.push([event.cloudEvent.subject]),
      handleBatch: async (events) => {
        // The first run moves the partition back to offset 2, as a projection does when its
        // checkpoint is behind: the rest of the batch in hand, and what was fetched after it,
        // must not be handled.
        if (batches.length === 0) runner.seek(topic, 0, '2');
        batches.push(subjects(events));
      },
    });

    await eventually(() => expect(batches.flat().slice(-1)).toEqual(['zone-39']), {
      timeoutMs: 60_000,
    });
    expect(batches[0]).toEqual(['zone-0', 'zone-1']);
    // After the first run, everything from offset 2 on, once and in order.
    expect(batches.slice(1).flat()).toEqual(zones.slice(2));
  });
});
