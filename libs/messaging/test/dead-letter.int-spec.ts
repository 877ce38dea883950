import { createProducer, DeadLetterHeaders, type ConsumedEvent } from '../src';
import { eventually } from '@zoneledger/testing';
import type { Message, Producer } from 'kafkajs';
import {
  headerStrings,
  KafkaTestbed,
  zoneEventOfUnknownType,
  zoneRegistered,
} from './consumer.fixture';

describe('dead letters, against a real broker', () => {
  let bed: KafkaTestbed;

  beforeEach(async () => {
    bed = await new KafkaTestbed('dead_letter').connect();
  });
  afterEach(() => bed.cleanup());

  it('dead-letters a message its handler keeps rejecting, after bounded retries, and moves on', async () => {
    const topic = await bed.zonesTopic(1);
    const events = ['zone-a', 'zone-poison', 'zone-c', 'zone-d'].map((zone) =>
      zoneRegistered(zone),
    );
    await bed.send(topic, events);

    const attempts = new Map<string, number>();
    const handled: string[] = [];
    const groupId = bed.group('poison');
    const runner = await bed.runner({
      groupId,
      topics: [topic],
      fromBeginning: true,
      retry: { attempts: 3, initialBackoffMs: 10, maxBackoffMs: 40 },
      handle: async (event: ConsumedEvent) => {
        const zone = event.cloudEvent.subject;
        attempts.set(zone, (attempts.get(zone) ?? 0) + 1);
        if (zone === 'zone-poison')
          throw Object.assign(new Error('zone-poison is not in the catalogue'), {
            code: 'ZONE.UNKNOWN_ZONE',
          });
        handled.push(zone);
      },
    });

    await eventually(() => expect(handled).toEqual(['zone-a', 'zone-c', 'zone-d']));
    expect(attempts.get('zone-poison')).toBe(3);

    const [letter] = await bed.readAll(runner.deadLetterTopic, 1);
    const poison = events[1];
    expect(letter.key?.toString()).toBe('zone-poison');
    expect(letter.value?.equals(poison.value as Buffer)).toBe(true);
    const headers = headerStrings(letter);
    expect(headers).toMatchObject(
      Object.fromEntries(Object.entries(poison.headers ?? {}).map(([k, v]) => [k, String(v)])),
    );
    expect(headers).toMatchObject({
      [DeadLetterHeaders.error]: 'zone-poison is not in the catalogue',
      [DeadLetterHeaders.errorCode]: 'ZONE.UNKNOWN_ZONE',
      [DeadLetterHeaders.originalTopic]: topic,
      [DeadLetterHeaders.originalPartition]: '0',
      [DeadLetterHeaders.originalOffset]: '1',
      [DeadLetterHeaders.group]: groupId,
      [DeadLetterHeaders.attempts]: '3',
    });
    expect(Date.parse(headers[DeadLetterHeaders.failedAt])).not.toBeNaN();
    expect(runner.counters()).toEqual({
      processed: 3,
      deadLettered: 1,
      retried: 2,
      unknownTypes: 0,
    });
    await eventually(async () => expect(await bed.committed(groupId, topic)).toEqual({ 0: '4' }));
  });

  it('dead-letters undecodable messages at once, with a readable reason, passes over event types it does not know, and moves on', async () => {
    const topic = await bed.zonesTopic(1);
    const withoutType = zoneRegistered('zone-no-type');
    delete withoutType.headers?.ce_type;
    const garbage: Message = {
      ...zoneRegistered('zone-garbage'),
      value: Buffer.from([0xff, 0xff, 0xff]),
    };
    const unknown = zoneEventOfUnknownType('zone-unknown');
    await bed.send(topic, [withoutType, garbage, unknown, zoneRegistered('zone-fine')]);

    const handled: string[] = [];
    const runner = await bed.runner({
      groupId: bed.group('malformed'),
      topics: [topic],
      fromBeginning: true,
      retry: { attempts: 5, initialBackoffMs: 10_000, maxBackoffMs: 10_000 },
      handle: async (event) => void handled.push(event.cloudEvent.subject),
    });

    await eventually(() => expect(handled).toEqual(['zone-fine']));
    const letters = (await bed.readAll(runner.deadLetterTopic, 2)).map(headerStrings);
    expect(letters.map((h) => [h.dlq_original_offset, h.dlq_attempts, h.dlq_error_code])).toEqual([
      ['0', '1', 'MESSAGING.MALFORMED_CLOUD_EVENT'],
      ['1', '1', 'CONTRACTS.MALFORMED_EVENT_DATA'],
    ]);
    expect(letters[0].dlq_error).toMatch(/missing header ce_type/);
    expect(letters[1].dlq_error).toMatch(/ZoneRegistered: event data is not valid binary/);
    // A newer producer's event type (ZoneTeleported) is no failure: nothing to replay later.
    expect(runner.counters()).toEqual({
      processed: 1,
      deadLettered: 2,
      retried: 0,
      unknownTypes: 1,
    });
  });

  it('does not commit past a message whose dead letter could not be written, and writes it on the retry', async () => {
    const topic = await bed.zonesTopic(1);
    await bed.send(
      topic,
      ['zone-a', 'zone-poison', 'zone-c'].map((zone) => zoneRegistered(zone)),
    );
    const producer = createProducer(bed.kafka);
    await producer.connect();
    let outages = 1;
    const flaky: Producer = {
      ...producer,
      send: async (record) => {
        if (outages-- > 0) throw new Error('the dead-letter topic is unavailable');
        return producer.send(record);
      },
    };
    const handled: string[] = [];
    const groupId = bed.group('dlq_outage');
    try {
      const runner = await bed.runner({
        groupId,
        topics: [topic],
        fromBeginning: true,
        retry: { attempts: 1 },
        deadLetter: { producer: flaky },
        handle: async (event) => {
          if (event.cloudEvent.subject === 'zone-poison') throw new Error('rejected');
          handled.push(event.cloudEvent.subject);
        },
      });

      await eventually(() => expect(handled).toEqual(['zone-a', 'zone-c']), { timeoutMs: 30_000 });
      expect(outages).toBeLessThan(0);
      const letters = await bed.readAll(runner.deadLetterTopic, 1);
      expect(letters.map((m) => m.key?.toString())).toEqual(['zone-poison']);
      expect(await bed.highWatermarks(runner.deadLetterTopic)).toEqual({ 0: '1' }); // written once
      expect(runner.counters()).toMatchObject({ processed: 2, deadLettered: 1 });
      await eventually(async () => expect(await bed.committed(groupId, topic)).toEqual({ 0: '3' }));
    } finally {
      await producer.disconnect();
    }
  });
});
