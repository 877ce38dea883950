import type { ServiceClient } from '../api-client';
import { waitForCatchUp } from '../catch-up';
import { withProgress, type ProgressTask } from '../progress';
import { say, StoryError, waitUntil, type StoryContext } from '../story-context';
import { strengthFromRank, syntheticValues } from '../synthetic-values';
import type { StepOutcome } from './step-outcome';

type Outcome = 'recorded' | 'already';

/** A row of a published ranking as the engine's read model shows it. */
interface PublishedRankView {
  readonly rank: number;
  readonly nameZh: string;
  readonly zoneId?: string;
  readonly unmatchedReason?: string;
}

/**
 * The assessments, through the engine's API as an assessor would: the methodologies, the rounds
 * with MofCOM's published ranks, and one computed round scored on generated values, labelled
 * synthetic. Every command is idempotent (the same command records nothing; the codes meaning
 * "it is so already" are taken as such).
 */
export async function loadAssessments(context: StoryContext): Promise<StepOutcome> {
  const step = 'Assessments';
  const engine = context.services.assessments;
  const { seed } = context;
  const outcomes: Outcome[] = [];
  await withProgress(context.output, step, async (task) => {
    // The engine resolves populations and matches names from the zones it knows.
    await waitForCatchUp(
      context,
      [context.services.zones],
      engine,
      ['zone-timeline', 'zone-names'],
      task,
    );
    for (const methodology of seed.methodologies) {
      task.update(`methodology ${methodology.methodologyId}`);
      const outcome = await command(
        engine,
        `methodology ${methodology.methodologyId}`,
        '/v1/methodologies',
        methodology,
      );
      outcomes.push(outcome);
      say(
        context,
        `  methodology ${methodology.methodologyId} v${methodology.version}: ${outcome}`,
      );
    }
    for (const round of seed.publishedRounds) {
      task.update(`round ${round.roundId}`);
      outcomes.push(
        await command(engine, `round ${round.roundId}`, '/v1/rounds', round, [
          'ASSESSMENT.ROUND_ALREADY_OPENED',
        ]),
      );
      const ranking = seed.publishedRankings.get(round.roundId);
      if (!ranking) continue;
      const outcome = await command(
        engine,
        `published ranking of ${round.roundId}`,
        `/v1/rounds/${round.roundId}/published-ranking`,
        ranking,
      );
      outcomes.push(outcome);
      const rows = await publishedRanking(context, round.roundId, ranking.rows.length, task);
      const unmatched = rows.filter((row) => !row.zoneId);
      say(
        context,
        `  round ${round.roundId}: ${ranking.rows.length} published ranks ${outcome}` +
          (unmatched.length > 0
            ? `; ${unmatched.length} matched no zone: ${unmatched.map((row) => `${row.rank} ${row.nameZh} (${row.unmatchedReason})`).join(', ')}`
            : ', every row matched a zone'),
      );
    }
    outcomes.push(...(await computedRound(context, task)));
  });
  const changed = outcomes.includes('recorded');
  const summary = `${outcomes.filter((outcome) => outcome === 'recorded').length} commands recorded, ${outcomes.filter((outcome) => outcome === 'already').length} already so`;
  say(context, `${step}: ${summary}`);
  return { step, changed, summary };
}

/** The computed round: opened, its population read back, generated values, scored, published. */
async function computedRound(context: StoryContext, task: ProgressTask): Promise<Outcome[]> {
  const engine = context.services.assessments;
  const { seed: generatorSeed, strengthFromRound, ...opening } = context.seed.computedRound;
  const roundId = opening.roundId;
  task.update(`round ${roundId} (synthetic)`);
  const opened = await command(engine, `round ${roundId}`, '/v1/rounds', opening, [
    'ASSESSMENT.ROUND_ALREADY_OPENED',
  ]);
  const methodology = context.seed.methodologies.find(
    (candidate) =>
      candidate.methodologyId === opening.methodologyId &&
      candidate.version === opening.methodologyVersion,
  );
  if (!methodology)
    throw new StoryError(
      `round ${roundId}: no methodology file for ${opening.methodologyId} v${opening.methodologyVersion}`,
    );
  const population = await engine.ok<{ items: { zoneId: string }[] }>(
    `population of ${roundId}`,
    'GET',
    `/v1/rounds/${roundId}/population`,
  );
  // Zones MofCOM ranked in the round rounds.json names are made stronger, by their rank.
  const ranks = new Map<string, number>();
  let zonesAssessed = population.items.length;
  const ranking = strengthFromRound && context.seed.publishedRankings.get(strengthFromRound);
  if (strengthFromRound && ranking) {
    zonesAssessed = ranking.zonesAssessed;
    for (const row of await publishedRanking(context, strengthFromRound, ranking.rows.length, task))
      if (row.zoneId) ranks.set(row.zoneId, row.rank);
  }
  const submissions = syntheticValues(
    methodology,
    population.items,
    (zoneId) => {
      const rank = ranks.get(zoneId);
      return rank === undefined ? undefined : strengthFromRank(rank, zonesAssessed);
    },
    generatorSeed,
  );
  task.update(`round ${roundId}: ${submissions.length} zones' values, scoring, publication`);
  const published = ['ASSESSMENT.ROUND_PUBLISHED'];
  const values = await command(
    engine,
    `values of ${roundId}`,
    `/v1/rounds/${roundId}/indicators`,
    { submissions },
    published,
  );
  const scored = await command(
    engine,
    `scoring of ${roundId}`,
    `/v1/rounds/${roundId}/scorings`,
    undefined,
    published,
  );
  const publication = await command(
    engine,
    `publication of ${roundId}`,
    `/v1/rounds/${roundId}/publication`,
  );
  say(
    context,
    `  round ${roundId} (synthetic), ${submissions.length} zones: opened ${opened}, values ${values}, scoring ${scored}, publication ${publication}`,
  );
  return [opened, values, scored, publication];
}

/** A command that an earlier run may have done: `alreadyCodes` mean "it is so". */
async function command(
  engine: ServiceClient,
  what: string,
  path: string,
  body?: unknown,
  alreadyCodes: readonly string[] = [],
): Promise<Outcome> {
  const answer = await engine.call<{ recorded?: unknown[]; code?: string }>('POST', path, { body });
  if (answer.status < 300) return answer.body.recorded?.length ? 'recorded' : 'already';
  if (answer.body.code && alreadyCodes.includes(answer.body.code)) return 'already';
  throw engine.refusal(what, answer);
}

/** A round's published ranks once the engine's read model has all `rows` of them. */
export async function publishedRanking(
  context: StoryContext,
  roundId: string,
  rows: number,
  task?: ProgressTask,
): Promise<PublishedRankView[]> {
  let items: PublishedRankView[] = [];
  await waitUntil(
    `the published ranking of round ${roundId} in the engine's read model`,
    async () => {
      const answer = await context.services.assessments.call<{ items?: PublishedRankView[] }>(
        'GET',
        `/v1/rounds/${roundId}/published-ranking`,
      );
      items = answer.status === 200 ? (answer.body.items ?? []) : [];
      return items.length === rows;
    },
    context.waitTimeoutMs,
    task,
  );
  return items;
}
