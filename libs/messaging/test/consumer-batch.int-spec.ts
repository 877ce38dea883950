import type { ConsumedEvent } from '../src';
import { eventually } from '@zoneledger/testing';
import type { Message } from 'kafkajs';
import { KafkaTestbed, zoneRegistered } from './consumer.fixture';

describe('ConsumerRunner with a batch handler, against a real broker', () => {
  let bed: KafkaTestbed;

  beforeEach(async () => {
    bed = await new KafkaTestbed('consumer_batch').connect();
  });
  afterEach(() => bed.cleanup());

  it("hands over a partition's messages in order, several at once, and commits past them", async () => {
    const topic = await bed.zonesTopic(1);
    const sent: Message[] = Array.from({ length: 40 }, (_, i) => zoneRegistered(`zone-${i}`));
    await bed.send(topic, sent);

    const batches: string[][] = [];
    const groupId = bed.group('batch');
    const runner = await bed.runner({
      groupId,
      topics: [topic],
      fromBeginning: true,
      maxBatchSize: 16,
      handle: async () => {
        throw new Error('a batch handler that succeeds leaves nothing to handle one by one');
      },
      handleBatch: async (events) => void batches.push(events.map((e) => e.cloudEvent.subject)),
    });

    await eventually(() => expect(batches.flat()).toHaveLength(sent.length), { timeoutMs: 30_000 });
    expect(batches.flat()).toEqual(sent.map((message) => message.key));
    expect(Math.max(...batches.map((batch) => batch.length))).toBeGreaterThan(1);
    expect(batches.every((batch) => batch.length <= 16)).toBe(true);
    await eventually(async () => expect(await bed.committed(groupId, topic)).toEqual({ 0: '40' }));
    expect(runner.counters()).toEqual({
      processed: sent.length,
      deadLettered: 0,
      retried: 0,
      unknownTypes: 0,
    });
  });

  it('handles the messages of a failed batch one by one, dead-letters only the poison, then batches again', async () => {
    const topic = await bed.zonesTopic(1);
    const zones = ['zone-a', 'zone-b', 'zone-poison', 'zone-d', 'zone-e'];
    await bed.send(
      topic,
      zones.map((zone) => zoneRegistered(zone)),
    );

    const one: string[] = [];
    const batched: string[] = [];
    const subjects = (events: readonly ConsumedEvent[]) => events.map((e) => e.cloudEvent.subject);
    const runner = await bed.runner({
      groupId: bed.group('batch-poison'),
      topics: [topic],
      fromBeginning: true,
      retry: { attempts: 2, initialBackoffMs: 10, maxBackoffMs: 10 },
      handle: async (event) => {
        if (event.cloudEvent.subject === 'zone-poison') throw new Error('zone-poison is unknown');
        one.push(event.cloudEvent.subject);
      },
      handleBatch: async (events) => {
        if (subjects(events).includes('zone-poison')) throw new Error('zone-poison is unknown');
        batched.push(...subjects(events));
      },
    });

    await eventually(() => expect(runner.counters().deadLettered).toBe(1), { timeoutMs: 30_000 });
    const [letter] = await bed.readAll(runner.deadLetterTopic, 1);
    expect(letter.key?.toString()).toBe('zone-poison');

    await bed.send(topic, [zoneRegistered('zone-f'), zoneRegistered('zone-g')]);
    await eventually(() => expect([...one, ...batched].sort()).toHaveLength(6));
    // Each message was handled once: the failed batch's one by one, later ones in a batch again.
    expect([...one, ...batched].sort()).toEqual(
      ['zone-a', 'zone-b', 'zone-d', 'zone-e', 'zone-f', 'zone-g'].sort(),
    );
    expect(batched).toEqual(expect.arrayContaining(['zone-f', 'zone-g']));
    expect(runner.counters()).toMatchObject({ processed: 6, deadLettered: 1, retried: 1 });
  });
});
