import { replayDeadLetters } from '../src';
import { eventually } from '@zoneledger/testing';
import { KafkaTestbed, quietLogger, zoneRegistered } from './consumer.fixture';

describe('replaying dead letters, against a real broker', () => {
  let bed: KafkaTestbed;

  beforeEach(async () => {
    bed = await new KafkaTestbed('dlq_replay').connect();
  });
  afterEach(() => bed.cleanup());

  it('republishes dead letters to their original topic, where the fixed handler processes them', async () => {
    const topic = await bed.zonesTopic(3);
    const zones = ['zone-a', 'zone-b', 'zone-c', 'zone-d', 'zone-e'];
    await bed.send(
      topic,
      zones.map((zone) => zoneRegistered(zone)),
    );

    const broken = new Set(['zone-b', 'zone-d']);
    const handled = new Map<string, Record<string, string>>();
    const groupId = bed.group('replay');
    const runner = await bed.runner({
      groupId,
      topics: [topic],
      fromBeginning: true,
      retry: { attempts: 1 },
      handle: async (event) => {
        if (broken.has(event.cloudEvent.subject))
          throw new Error(`no handler for ${event.cloudEvent.subject} yet`);
        handled.set(
          event.cloudEvent.subject,
          Object.fromEntries(Object.entries(event.headers).map(([k, v]) => [k, String(v)])),
        );
      },
    });
    await eventually(() =>
      expect(runner.counters()).toMatchObject({ processed: 3, deadLettered: 2 }),
    );

    broken.clear(); // the fix is deployed
    const report = await replayDeadLetters({ kafka: bed.kafka, groupId, logger: quietLogger });
    expect(report).toEqual({ replayed: 2, skipped: 0 });
    await eventually(() => expect([...handled.keys()].sort()).toEqual(zones));
    expect(
      Object.keys(handled.get('zone-b') ?? {}).filter((name) => name.startsWith('dlq_')),
    ).toEqual([]);
    expect(handled.get('zone-b')).toHaveProperty('ce_type', 'zoneledger.zone.v1.ZoneRegistered');

    // Replayed dead letters are marked done: a second replay has nothing to do.
    expect(await replayDeadLetters({ kafka: bed.kafka, groupId, logger: quietLogger })).toEqual({
      replayed: 0,
      skipped: 0,
    });
  });

  it('replays at most the limit, and only what the filter accepts', async () => {
    const topic = await bed.zonesTopic(1);
    const zones = ['zone-a', 'zone-b', 'zone-c'];
    await bed.send(
      topic,
      zones.map((zone) => zoneRegistered(zone)),
    );
    const groupId = bed.group('replay_limit');
    const replayed: string[] = [];
    let fixed = false;
    const runner = await bed.runner({
      groupId,
      topics: [topic],
      fromBeginning: true,
      retry: { attempts: 1 },
      handle: async (event) => {
        if (!fixed)
          throw Object.assign(new Error('rejected'), { code: `CODE.${event.cloudEvent.subject}` });
        replayed.push(event.cloudEvent.subject);
      },
    });
    await eventually(() => expect(runner.counters().deadLettered).toBe(3));
    fixed = true;

    const kafka = bed.kafka;
    expect(await replayDeadLetters({ kafka, groupId, limit: 1, logger: quietLogger })).toEqual({
      replayed: 1,
      skipped: 0,
    });
    await eventually(() => expect(replayed).toEqual(['zone-a']));
    const report = await replayDeadLetters({
      kafka,
      groupId,
      filter: (d) => d.errorCode === 'CODE.zone-c',
      logger: quietLogger,
    });
    expect(report).toEqual({ replayed: 1, skipped: 1 });
    await eventually(() => expect(replayed).toEqual(['zone-a', 'zone-c']));
  });
});
