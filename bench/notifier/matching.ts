import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  filterMatches,
  SubscriptionIndex,
  type NotificationFacts,
} from '../../services/notifier/src/domain';
import {
  SUBSCRIPTION_MIX,
  syntheticFacts,
  syntheticFilters,
  ZonePopulation,
  type SubscriptionShape,
} from './synthetic-notifications';

setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;

// Candidates are counted on one event in so many.
const CANDIDATE_SAMPLE_EVERY = 10;

const mean = (values: readonly number[]) =>
  values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
const round = (value: number, places = 1) => Math.round(value * 10 ** places) / 10 ** places;

/** What the matching part is run with. */
export interface MatchingSettings {
  readonly subscriptions: number;
  readonly zones: number;
  readonly events: number;
  /** Events matched untimed first (the JIT's warm-up). */
  readonly warmUp: number;
  /** Events also matched by a scan of every filter, to compare and to check the index. */
  readonly scanSample: number;
  readonly seed: number;
}

/** p50, p90, p99, p99.9 and max of some values, and their mean. */
export function distribution(values: readonly number[], places = 1) {
  const sorted = Float64Array.from(values).sort();
  const at = (p: number) =>
    round(
      sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))],
      places,
    );
  const mean = values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
  return {
    count: values.length,
    mean: round(mean, places),
    p50: at(50),
    p90: at(90),
    p99: at(99),
    p999: at(99.9),
    max: at(100),
  };
}

/**
 * Part 1: the SubscriptionIndex with `subscriptions` filters of the synthetic mix, built and
 * measured (time, heap retained), then `events` events' facts matched one by one, each timed
 * (microseconds); the candidates each looked at and the matches found; the same by event type;
 * then a scan of every filter (filterMatches) on a sample of the events, timed the same way, its
 * matches compared with the index's.
 */
export function matchingBenchmark(settings: MatchingSettings, log: (line: string) => void) {
  const zones = new ZonePopulation(settings.zones);
  const generated = performance.now();
  const filters = syntheticFilters(settings.subscriptions, zones, settings.seed);
  const facts = syntheticFacts(settings.events + settings.warmUp, zones, settings.seed + 1);
  const generationMs = performance.now() - generated;
  const shapes = Object.fromEntries(SUBSCRIPTION_MIX.map(([shape]) => [shape, 0])) as Record<
    SubscriptionShape,
    number
  >;
  for (const { shape } of filters) shapes[shape] += 1;
  log(
    `matching: ${filters.length} filters and ${facts.length} events generated in ${Math.round(generationMs)} ms; shapes ${JSON.stringify(shapes)}`,
  );

  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const built = performance.now();
  const index = new SubscriptionIndex();
  for (const { id, filter } of filters) index.add(id, filter);
  const buildMs = performance.now() - built;
  gc();
  const indexRetained = process.memoryUsage().heapUsed - heapBefore;
  const build = {
    subscriptions: index.size,
    ms: round(buildMs),
    perSubscriptionUs: round((buildMs * 1000) / index.size, 2),
    heapRetainedMb: mb(indexRetained),
    heapUsedMb: mb(process.memoryUsage().heapUsed),
  };
  log(`matching: index built ${JSON.stringify(build)}`);

  // Warm-up, untimed.
  for (let i = 0; i < settings.warmUp; i += 1) index.match(facts[i]);

  const timed = facts.slice(settings.warmUp);
  const micros: number[] = new Array(timed.length);
  const matchCounts: number[] = new Array(timed.length);
  let matchedTotal = 0;
  const started = performance.now();
  for (let i = 0; i < timed.length; i += 1) {
    const t0 = process.hrtime.bigint();
    const matches = index.match(timed[i]);
    const t1 = process.hrtime.bigint();
    micros[i] = Number(t1 - t0) / 1000;
    matchCounts[i] = matches.length;
    matchedTotal += matches.length;
  }
  const totalMs = performance.now() - started;
  // Candidates: what a match looked at, counted apart (untimed) on one event in
  // CANDIDATE_SAMPLE_EVERY, with the shapes of the filters among them and among the matches.
  const shapeOf = new Map(filters.map(({ id, shape }) => [id, shape]));
  const sampled = timed.flatMap((_, i) => (i % CANDIDATE_SAMPLE_EVERY === 0 ? [i] : []));
  const candidateCounts = new Map<number, number>();
  const byShape = Object.fromEntries(
    SUBSCRIPTION_MIX.map(([shape]) => [shape, { candidates: 0, matches: 0 }]),
  ) as Record<SubscriptionShape, { candidates: number; matches: number }>;
  for (const i of sampled) {
    const candidates = index.candidates(timed[i]);
    candidateCounts.set(i, candidates.size);
    for (const id of candidates) byShape[shapeOf.get(id) as SubscriptionShape].candidates += 1;
    for (const { subscriptionId } of index.match(timed[i]))
      byShape[shapeOf.get(subscriptionId) as SubscriptionShape].matches += 1;
  }
  const perShape = Object.fromEntries(
    Object.entries(byShape).map(([shape, { candidates, matches }]) => [
      shape,
      {
        subscriptions: shapes[shape as SubscriptionShape],
        meanCandidatesPerEvent: round(candidates / sampled.length),
        meanMatchesPerEvent: round(matches / sampled.length),
      },
    ]),
  );

  const byType = new Map<string, number[]>();
  timed.forEach((event, i) => {
    const list = byType.get(event.eventType) ?? [];
    list.push(i);
    byType.set(event.eventType, list);
  });
  const perEventType = Object.fromEntries(
    [...byType.entries()]
      .sort((a, b) => b[1].length - a[1].length)
      .map(([type, positions]) => {
        const us = distribution(positions.map((i) => micros[i]));
        return [
          type,
          {
            events: positions.length,
            p50Us: us.p50,
            p99Us: us.p99,
            maxUs: us.max,
            meanCandidates: round(mean(positions.flatMap((i) => candidateCounts.get(i) ?? []))),
            meanMatches: round(
              positions.reduce((sum, i) => sum + matchCounts[i], 0) / positions.length,
            ),
          },
        ];
      }),
  );

  const match = {
    events: timed.length,
    warmUpEvents: settings.warmUp,
    totalMs: round(totalMs),
    eventsPerSecond: Math.round(timed.length / (totalMs / 1000)),
    microsecondsPerEvent: distribution(micros, 1),
    matchesPerEvent: distribution(matchCounts, 1),
    candidatesPerEvent: {
      sampledOneEventIn: CANDIDATE_SAMPLE_EVERY,
      ...distribution([...candidateCounts.values()], 1),
    },
    bySubscriptionShape: perShape,
    notificationsTotal: matchedTotal,
    heapUsedAfterMb: mb(process.memoryUsage().heapUsed),
    perEventType,
  };
  log(
    `matching: ${timed.length} events, us/event ${JSON.stringify(match.microsecondsPerEvent)}; matches ${JSON.stringify(match.matchesPerEvent)}; candidates ${JSON.stringify(match.candidatesPerEvent)}`,
  );

  const scan = scanComparison(index, filters, timed, settings.scanSample, micros);
  log(`matching: scan of every filter ${JSON.stringify(scan)}`);

  return {
    settings: {
      ...settings,
      hotZones: 230,
      subscriptionShapes: shapes,
      generationMs: round(generationMs),
    },
    build,
    match,
    scan,
  };
}

// Every filter tested against each event of a sample spread over the stream (no merger is told
// to the index in this part, so a scan with no followed zones finds what the index finds).
function scanComparison(
  index: SubscriptionIndex,
  filters: readonly { id: string; filter: Parameters<typeof filterMatches>[0] }[],
  events: readonly NotificationFacts[],
  sample: number,
  indexMicros: readonly number[],
) {
  const step = Math.max(1, Math.floor(events.length / Math.max(1, sample)));
  const positions: number[] = [];
  for (let i = 0; i < events.length && positions.length < sample; i += step) positions.push(i);
  // One untimed pass over a few, as for the index.
  for (const i of positions.slice(0, 20))
    for (const { filter } of filters) filterMatches(filter, events[i]);
  const scanMicros: number[] = [];
  let mismatches = 0;
  for (const i of positions) {
    const t0 = process.hrtime.bigint();
    const found: string[] = [];
    for (const { id, filter } of filters) if (filterMatches(filter, events[i])) found.push(id);
    const t1 = process.hrtime.bigint();
    scanMicros.push(Number(t1 - t0) / 1000);
    const indexed = index.match(events[i]).map((match) => match.subscriptionId);
    if (indexed.length !== found.length || indexed.some((id, k) => id !== found[k]))
      mismatches += 1;
  }
  const scan = distribution(scanMicros, 1);
  const sampled = distribution(
    positions.map((i) => indexMicros[i]),
    1,
  );
  return {
    sampleEvents: positions.length,
    microsecondsPerEventScan: scan,
    microsecondsPerEventIndexSameSample: sampled,
    speedUpAtP50: round(scan.p50 / Math.max(0.001, sampled.p50)),
    speedUpAtMean: round(scan.mean / Math.max(0.001, sampled.mean)),
    eventsWhereIndexAndScanDiffer: mismatches,
  };
}
