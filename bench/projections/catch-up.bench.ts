/**
 * Projection catch-up and rebuild rate against its ceilings, side by side in one run.
 *
 *   npm run bench:projections                      (full profile: 1,000,000 events, 3 runs)
 *   BENCH_PROFILE=quick npm run bench:projections  (100,000 events, 1 run)
 *   (DATABASE_URL; KAFKA_BROKERS, default 127.0.0.1:9092; BENCH_EVENTS and BENCH_RUNS override
 *    the profile; BENCH_PARTITIONS_CONCURRENTLY, default 3; BENCH_BATCH_SIZE, default the
 *    runner's; BENCH_PARTS, default kafkajs,kafkajs-decode,postgres,runner,rebuild)
 *
 * Produces BENCH_EVENTS ZoneRegistered CloudEvents (distinct zones) to a 3-partition topic of its
 * own, then per run, each part on a fresh schema and consumer group:
 *   kafkajs         kafkajs alone consuming the topic (the runner's consumer settings, offsets
 *                   resolved and committed per batch), no other work: the fetch/decode ceiling;
 *   kafkajs-decode  the same, each message also decoded as the runner decodes it (CloudEvent
 *                   headers, protobuf data to proto JSON);
 *   postgres        the same rows written with no Kafka: the projection's handleBatch and a
 *                   checkpoint upsert per transaction of a batch, 3 partitions side by side;
 *   runner          a ProjectionRunner with the zone_view projection (handleBatch: one multi-row
 *                   upsert per batch) from start() until every event is applied; lag 0 and a
 *                   row per zone afterwards;
 *   rebuild         rebuildProjection of that projection (installed, empty) until it returns:
 *                   a new generation filled from the beginning, switched in, the old dropped.
 * Reports events/s of each (median over runs) and the ratios of runner and rebuild to each
 * ceiling. Deletes its topic, groups and schemas; writes bench/results/projections.json (full)
 * or projections-quick.json (quick).
 */
import { createKafkaClient } from '@zoneledger/messaging';
import { DEFAULT_MAX_BATCH_SIZE } from '@zoneledger/projections';
import type { Kafka } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { loadAverage, machine, median, selectProfile, timed, writeResults } from '../bench-report';
import {
  migratedSchema,
  PARTITIONS,
  POOL_SIZE,
  produceZoneRegistrations,
  rebuildCatchUp,
  runnerCatchUp,
  type RunnerSettings,
} from './catch-up-parts';
import { kafkaConsumeAlone, postgresWriteAlone } from './ceilings';
import { zoneView } from './zone-view.projection';

const PROFILES = {
  quick: { events: 100_000, runs: 1 },
  full: { events: 1_000_000, runs: 3 },
} as const;
const { name: profileName, profile } = selectProfile(PROFILES, 'full');

const PARTS = ['kafkajs', 'kafkajs-decode', 'postgres', 'runner', 'rebuild'] as const;
type Part = (typeof PARTS)[number];

const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const events = Number(process.env.BENCH_EVENTS ?? profile.events);
const runs = Number(process.env.BENCH_RUNS ?? profile.runs);
const concurrency = Number(process.env.BENCH_PARTITIONS_CONCURRENTLY ?? PARTITIONS);
const batchSize = process.env.BENCH_BATCH_SIZE ? Number(process.env.BENCH_BATCH_SIZE) : undefined;
const parts = (process.env.BENCH_PARTS ?? PARTS.join(',')).split(',').map((name) => {
  if (!PARTS.includes(name as Part))
    throw new RangeError(`unknown part ${name}; one of ${PARTS.join(', ')}`);
  return name as Part;
});
const settings: RunnerSettings = {
  partitionsConsumedConcurrently: concurrency,
  ...(batchSize ? { maxBatchSize: batchSize } : {}),
};
// The ceiling's batches are the runner's: its default unless BENCH_BATCH_SIZE says otherwise.
const RUNNER_DEFAULT_BATCH = DEFAULT_MAX_BATCH_SIZE;

const id = randomUUID().slice(0, 8);
const topic = `bench.${id}.zoneledger.zones.v1`;

const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
const ratio = (a: number, b: number) => Math.round((a / b) * 1000) / 1000;

interface PartResult {
  readonly ms: number;
  readonly eventsPerSecond: number;
  readonly loadAverage: number[];
}

/** One part of one run on a schema of its own; the groups it used are added to `groups`. */
async function measure(kafka: Kafka, run: number, part: Part, groups: string[]) {
  const schema = `bench_projections_${id}_${run}_${part.replace(/-/g, '_')}`;
  const groupId = `bench.${id}.zone-view.r${run}.${part}`;
  groups.push(groupId);
  const dataSource = await migratedSchema(databaseUrl, schema);
  const load = loadAverage();
  try {
    switch (part) {
      case 'kafkajs':
      case 'kafkajs-decode':
        return {
          ...(await kafkaConsumeAlone(kafka, {
            topic,
            groupId,
            events,
            decode: part === 'kafkajs-decode',
            partitionsConsumedConcurrently: concurrency,
            consumer: {},
          })),
          loadAverage: load,
        };
      case 'postgres':
        return {
          ...(await postgresWriteAlone(dataSource, {
            projection: zoneView(topic, true),
            runId: `${id}-${run}`,
            events,
            partitions: PARTITIONS,
            batchSize: batchSize ?? RUNNER_DEFAULT_BATCH,
          })),
          loadAverage: load,
        };
      case 'runner':
        return {
          ...(await runnerCatchUp(kafka, dataSource, {
            topic,
            groupId,
            events,
            handleBatch: true,
            ...settings,
          })),
          loadAverage: load,
        };
      case 'rebuild': {
        const result = await rebuildCatchUp(kafka, dataSource, {
          topic,
          groupId,
          events,
          ...settings,
        });
        groups.push(result.rebuildGroupId);
        return { ms: result.ms, eventsPerSecond: result.eventsPerSecond, loadAverage: load };
      }
    }
  } finally {
    await dataSource.query(`drop schema if exists "${schema}" cascade`);
    await dataSource.destroy();
  }
}

async function main(): Promise<void> {
  const kafka = createKafkaClient({
    clientId: `bench-projections-${id}`,
    brokers,
    log: () => undefined,
  });
  const groups: string[] = [];
  try {
    log(
      `profile ${profileName}: ${events} events, ${runs} run(s), parts ${parts.join(',')}; load ${loadAverage().join(' ')}`,
    );
    const produced = await timed(() => produceZoneRegistrations(kafka, topic, id, events));
    log(`produced ${events} events in ${produced.ms} ms`);
    const byPart = new Map<Part, PartResult[]>(parts.map((part) => [part, []]));
    // Every run measures every part once, so a busy machine slows all of them alike.
    for (let run = 1; run <= runs; run += 1) {
      for (const part of parts) {
        const result = await measure(kafka, run, part, groups);
        byPart.get(part)?.push(result);
        log(
          `run ${run}: ${part.padEnd(15)} ${result.eventsPerSecond} events/s (${result.ms} ms, load ${result.loadAverage.join(' ')})`,
        );
      }
    }
    const medians = Object.fromEntries(
      parts.map((part) => [part, median((byPart.get(part) ?? []).map((r) => r.eventsPerSecond))]),
    ) as Partial<Record<Part, number>>;
    const ratios: Record<string, number> = {};
    for (const measured of ['runner', 'rebuild'] as const) {
      for (const ceiling of ['kafkajs', 'kafkajs-decode', 'postgres'] as const) {
        const a = medians[measured];
        const b = medians[ceiling];
        if (a && b) ratios[`${measured}/${ceiling}`] = ratio(a, b);
      }
    }
    const file = writeResults(
      profileName === 'full' ? 'projections' : `projections-${profileName}`,
      {
        date: new Date().toISOString(),
        command: `BENCH_PROFILE=${profileName} npm run bench:projections`,
        profile: profileName,
        machine: machine(),
        loadAverageAtEnd: loadAverage(),
        events,
        runs,
        settings: {
          topicPartitions: PARTITIONS,
          partitionsConsumedConcurrently: concurrency,
          maxBatchSize: batchSize ?? `runner default (${RUNNER_DEFAULT_BATCH})`,
          poolSize: POOL_SIZE,
          projection: 'zone_view: a row per zone, one multi-row upsert per batch (handleBatch)',
          produceMs: produced.ms,
        },
        medians,
        ratios,
        target: { rebuildEventsPerSecond: 50_000 },
        runResults: Object.fromEntries(parts.map((part) => [part, byPart.get(part)])),
      },
    );
    log(`medians ${JSON.stringify(medians)}`);
    log(`ratios ${JSON.stringify(ratios)}; wrote ${file}`);
  } finally {
    const admin = kafka.admin();
    await admin.connect();
    const existing = new Set(await admin.listTopics());
    const topics = [topic, ...groups.map((group) => `${group}.dlq`)];
    await admin.deleteTopics({ topics: topics.filter((t) => existing.has(t)) });
    await admin.deleteGroups(groups).catch(() => undefined);
    await admin.disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
