import { performance } from 'node:perf_hooks';
import {
  decide,
  foldRound,
  initialState,
  type RoundEvent,
  type RoundState,
} from '../../services/assessment-engine/src/domain';
import { median } from '../bench-report';
import { syntheticMethodology, syntheticPopulation, syntheticValues } from './synthetic-round';

const ms = (value: number) => Math.round(value * 10) / 10;

function timedMedian<T>(work: () => T, repetitions: number): { medianMs: number; result: T } {
  const times: number[] = [];
  let result = work();
  for (let i = 0; i < repetitions; i += 1) {
    const started = performance.now();
    result = work();
    times.push(performance.now() - started);
  }
  return { medianMs: ms(median(times)), result };
}

// As the service folds a round's stream (RoundStreams gives DeciderStreams the domain's foldRound).
const fold = (events: readonly RoundEvent[]): RoundState => foldRound(events);

/**
 * What every command on a round does before deciding, without the database: fold the round's
 * whole stream (foldRound, from the initial state), in process, as the round grows. `submitted` is
 * the stream a scoring reads (RoundOpened and one IndicatorsSubmitted a zone); `scored` the one a
 * publication reads (then RoundScored and one ZoneScored a zone). Also times deciding the score
 * and the publication on the folded state.
 */
export function timeRoundFold(zones: number, indicators: number, repetitions: number) {
  const methodology = syntheticMethodology(indicators);
  const population = syntheticPopulation(zones);
  const values = syntheticValues(methodology, population, 20_231_231 + zones + indicators);
  const roundId = 'bench-2023';
  const opened = decide(
    {
      type: 'OpenRound',
      data: {
        roundId,
        methodologyId: methodology.methodologyId,
        methodologyVersion: methodology.version,
        methodology,
        referenceDate: { year: 2023, month: 12, day: 31 },
        synthetic: true,
        population,
      },
    },
    initialState(),
  );
  const events: RoundEvent[] = [...opened];
  for (const { zoneId } of population)
    events.push({
      type: 'IndicatorsSubmitted',
      data: {
        roundId,
        zoneId,
        values: Object.entries(values[zoneId]).map(([indicatorKey, value]) => ({
          indicatorKey,
          value,
          unit: 'unit',
          source: 'benchmark',
          submitter: 'bench',
        })),
      },
    });
  const submitted = timedMedian(() => fold(events), repetitions);
  const score = timedMedian(
    () => decide({ type: 'ScoreRound', data: { roundId } }, submitted.result),
    repetitions,
  );
  const scoredEvents = [...events, ...score.result];
  const scored = timedMedian(() => fold(scoredEvents), repetitions);
  const publish = timedMedian(
    () =>
      decide(
        { type: 'PublishRound', data: { roundId, previousResults: [], previousBottoms: [] } },
        scored.result,
      ),
    repetitions,
  );
  return {
    zones,
    indicators,
    submittedStreamEvents: events.length,
    foldSubmittedMs: submitted.medianMs,
    decideScoreMs: score.medianMs,
    scoredStreamEvents: scoredEvents.length,
    foldScoredMs: scored.medianMs,
    decidePublishMs: publish.medianMs,
    repetitions,
  };
}

export function roundFoldBenchmarks(repetitions: number, log: (line: string) => void) {
  return [1000, 2500, 5000, 10_000].map((zones) => {
    const row = timeRoundFold(zones, 50, repetitions);
    log(`round fold ${zones} x 50: ${JSON.stringify(row)}`);
    return row;
  });
}
