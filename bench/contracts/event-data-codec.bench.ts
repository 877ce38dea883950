/**
 * The event-data codec, compiled transcoder against reflection, in microseconds per event.
 *
 *   npm run bench:codec
 *
 * encode = proto JSON as stored -> protobuf binary (the outbox relay, per event published);
 * decode = binary -> proto JSON (consumers and projection rebuilds, per event consumed), also with
 * alwaysEmitImplicit (as the assessment engine and the notifier read their events).
 * "transcoder" is encodeEventData/decodeEventData (which go by the compiled transcoder for these
 * canonical events); "reflection" is what they did before: @bufbuild/protobuf's
 * toBinary(fromJson(...)) and toJson(fromBinary(...)). Both run in one process, alternating, each
 * timing a batch of events per round; the result is the median of the rounds. No database, no
 * Kafka: seconds, on one core.
 */
import {
  fromBinary,
  fromJson,
  toBinary,
  toJson,
  type JsonObject,
  type JsonValue,
} from '@bufbuild/protobuf';
import { performance } from 'node:perf_hooks';
import { decodeEventData, encodeEventData, eventContract } from '@zoneledger/contracts';
import { loadAverage, machine, median, writeResults } from '../bench-report';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const EVENTS_PER_ROUND = Number(process.env.BENCH_EVENTS ?? 5_000);

const zoneRegistered: JsonObject = {
  zoneId: 'zone-suzhou-sip',
  nameZh: '苏州工业园区',
  nameEn: 'Suzhou Industrial Park',
  kind: 'ZONE_KIND_ETDZ',
  level: 'ZONE_LEVEL_NATIONAL',
  province: '江苏省',
  city: '苏州市',
  region: 'REGION_EAST',
  approvedOn: { year: 1994, month: 2 },
  industryFocus: ['digital information', 'nanotechnology', 'biomedicine'],
};

const zoneScored: JsonObject = {
  roundId: '2023',
  scoring: 1,
  zoneId: 'zone-suzhou-sip',
  region: 'REGION_EAST',
  total: 91.5,
  nationalRank: 1,
  regionalRank: 1,
  dimensions: [
    { key: 'opening-up', score: 95 },
    { key: 'development-quality', score: 90 },
    { key: 'technology-innovation', score: 92 },
    { key: 'green-development', score: 85 },
    { key: 'coordination', score: 94.5 },
  ],
  imputed: ['water-per-iva'],
};

// A whole methodology: five dimensions of five indicators (as the catalogue's example is, uncut).
const methodologyVersionCreated: JsonObject = {
  methodology: {
    methodologyId: 'mofcom-etdz-2021',
    version: 1,
    name: 'MofCOM comprehensive development level assessment of national ETDZs, 2021 edition',
    source: 'MofCOM assessment of national ETDZs, 2021 edition (first used in the 2022 round)',
    notes: 'Dimension weights published; indicator weights within dimensions assumed equal',
    weightsPublished: true,
    dimensions: ['opening-up', 'quality', 'innovation', 'green', 'coordination'].map((key) => ({
      key,
      nameEn: `Dimension ${key}`,
      nameZh: '绿色发展',
      weight: 0.2,
      indicators: [1, 2, 3, 4, 5].map((n) => ({
        key: `${key}-indicator-${n}`,
        nameEn: 'Energy consumption per unit of industrial value added',
        nameZh: '单位工业增加值能耗',
        unit: 'tce/10k CNY',
        direction: n % 2 ? 'DIRECTION_LOWER_IS_BETTER' : 'DIRECTION_HIGHER_IS_BETTER',
        weight: 0.2,
        ...(n === 2 ? { allowsNegative: true } : {}),
        ...(n === 3 ? { assumed: true } : {}),
      })),
    })),
    normalisation: 'NORMALISATION_MIN_MAX',
    aggregation: 'AGGREGATION_WEIGHTED_ARITHMETIC',
    missingValues: 'MISSING_VALUE_POLICY_REGION_MEAN',
  },
};

const EVENTS: [string, JsonObject][] = [
  ['zoneledger.zone.v1.ZoneRegistered', zoneRegistered],
  ['zoneledger.assessment.v1.ZoneScored', zoneScored],
  ['zoneledger.assessment.v1.MethodologyVersionCreated', methodologyVersionCreated],
];

type Operation = 'encode' | 'decode' | 'decodeAlwaysEmitImplicit';
type Path = 'transcoder' | 'reflection';

/** An event's three operations, each by both paths. */
function operations(ceType: string, json: JsonObject) {
  const { schema } = eventContract(ceType);
  const bytes = encodeEventData(ceType, json);
  const emit = { alwaysEmitImplicit: true };
  const run: Record<Operation, Record<Path, () => unknown>> = {
    encode: {
      transcoder: () => encodeEventData(ceType, json),
      reflection: () => toBinary(schema, fromJson(schema, json as JsonValue)),
    },
    decode: {
      transcoder: () => decodeEventData(ceType, bytes),
      reflection: () => toJson(schema, fromBinary(schema, bytes)),
    },
    decodeAlwaysEmitImplicit: {
      transcoder: () => decodeEventData(ceType, bytes, emit),
      reflection: () => toJson(schema, fromBinary(schema, bytes), emit),
    },
  };
  return { bytes: bytes.length, run };
}

/** Microseconds per call of `work`, over `count` calls. */
function microsecondsPerCall(work: () => unknown, count: number): number {
  let sink = 0;
  const started = performance.now();
  for (let i = 0; i < count; i++) sink += work() === undefined ? 1 : 0;
  const us = ((performance.now() - started) * 1000) / count;
  if (sink > 0) throw new Error('an operation returned nothing');
  return us;
}

function main() {
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const startLoad = machine();
  const results: Record<string, unknown> = {};
  for (const [ceType, json] of EVENTS) {
    const { bytes, run } = operations(ceType, json);
    const timings = new Map<string, number[]>();
    // Warm-up: every path compiled and optimised before the first timed round.
    for (const operation of Object.values(run)) {
      for (const work of Object.values(operation)) microsecondsPerCall(work, 2_000);
    }
    for (let round = 0; round < ROUNDS; round++) {
      for (const [operation, paths] of Object.entries(run)) {
        // Alternate which path goes first, so neither always runs on the other's leftovers.
        const order =
          round % 2
            ? (['reflection', 'transcoder'] as const)
            : (['transcoder', 'reflection'] as const);
        for (const path of order) {
          const key = `${operation}/${path}`;
          const us = microsecondsPerCall(paths[path], EVENTS_PER_ROUND);
          timings.set(key, [...(timings.get(key) ?? []), us]);
        }
      }
    }
    const round2 = (value: number) => Math.round(value * 100) / 100;
    const byOperation = Object.fromEntries(
      Object.keys(run).map((operation) => {
        const transcoder = median(timings.get(`${operation}/transcoder`) ?? []);
        const reflection = median(timings.get(`${operation}/reflection`) ?? []);
        return [
          operation,
          {
            transcoderUs: round2(transcoder),
            reflectionUs: round2(reflection),
            speedup: Math.round((reflection / transcoder) * 10) / 10,
          },
        ];
      }),
    );
    results[ceType] = { binaryBytes: bytes, ...byOperation };
    log(`${ceType} (${bytes} bytes)`);
    for (const [operation, r] of Object.entries(byOperation)) {
      log(
        `  ${operation.padEnd(26)} transcoder ${String(r.transcoderUs).padStart(6)} µs   reflection ${String(r.reflectionUs).padStart(6)} µs   x${r.speedup}`,
      );
    }
  }
  const file = writeResults('event-data-codec', {
    date: new Date().toISOString(),
    command: 'npm run bench:codec',
    machine: startLoad,
    loadAverageAtEnd: loadAverage(),
    settings: { rounds: ROUNDS, eventsPerRound: EVENTS_PER_ROUND, statistic: 'median of rounds' },
    microsecondsPerEvent: results,
  });
  log(`results: ${file}`);
}

main();
