import {
  eventContract,
  type ExitWarningIssuedJson,
  type MethodologyVersionCreatedJson,
  type PublishedRankingImportedJson,
  type RoundOpenedJson,
  type RoundPublishedJson,
  type RoundScoredJson,
  type ZoneRankChangedJson,
  type ZoneScoreChangedJson,
  type ZoneScoredJson,
} from '@zoneledger/contracts';
import type { ConsumedEvent } from '@zoneledger/messaging';
import type { Projection, ProjectionContext } from '@zoneledger/projections';
import { firstDayOf } from '@zoneledger/shared-kernel';
import type { EntityManager } from 'typeorm';

/** A date the events always carry; a day no round has, should one lack it. */
const UNKNOWN_DAY = { year: 1 };

/** The read model's name: keys its checkpoints, generations and consumer group. */
export const ASSESSMENT_ROUNDS = 'assessment-rounds';

/**
 * Methodology versions, rounds, every scoring's per-zone results, the changes and warnings a
 * publication emitted, and the published rankings imported: what the rankings, histories and
 * round lists read. Rows are keyed by what they are (a round's scoring and zone, a version), so a
 * redelivered event changes nothing; a re-imported published ranking replaces the round's rows.
 */
export function assessmentRoundsProjection(assessmentsTopic: string): Projection {
  return {
    name: ASSESSMENT_ROUNDS,
    topics: [assessmentsTopic],
    tables: [
      'methodology_version',
      'round_summary',
      'zone_result',
      'zone_change',
      'published_rank',
    ],
    createTables,
    handle: applyEvent,
    handleBatch: applyEvents,
  };
}

async function createTables(manager: EntityManager, context: ProjectionContext): Promise<void> {
  const t = (name: string) => context.table(name);
  await manager.query(`create table ${t('methodology_version')} (
    methodology_id text not null,
    version int not null,
    name text not null,
    weights_published boolean not null,
    methodology jsonb not null,
    recorded_at timestamptz not null,
    primary key (methodology_id, version))`);
  await manager.query(`create table ${t('round_summary')} (
    round_id text primary key,
    methodology_id text not null,
    methodology_version int not null,
    reference_on jsonb not null,
    reference_date date not null,
    synthetic boolean not null,
    population_size int not null,
    scoring int not null default 0,
    zones_scored int not null default 0,
    unscored text[] not null default '{}',
    published boolean not null default false,
    published_scoring int,
    opened_at timestamptz not null,
    published_at timestamptz)`);
  await manager.query(
    `create index ${t('round_summary')}_by_reference on ${t('round_summary')} (reference_date desc, round_id)`,
  );
  await manager.query(`create table ${t('zone_result')} (
    round_id text not null,
    scoring int not null,
    zone_id text not null,
    region text not null,
    total double precision not null,
    national_rank int not null,
    regional_rank int not null,
    dimensions jsonb not null,
    imputed text[] not null,
    excluded text[] not null,
    primary key (round_id, scoring, zone_id))`);
  // A ranking page, nationally or within a region; a zone's results across rounds.
  await manager.query(
    `create index ${t('zone_result')}_national on ${t('zone_result')} (round_id, scoring, national_rank)`,
  );
  await manager.query(
    `create index ${t('zone_result')}_regional on ${t('zone_result')} (round_id, scoring, region, regional_rank)`,
  );
  await manager.query(`create index ${t('zone_result')}_zone on ${t('zone_result')} (zone_id)`);
  await manager.query(`create table ${t('zone_change')} (
    round_id text not null,
    zone_id text not null,
    kind text not null,
    previous_round_id text,
    previous_value double precision,
    value double precision not null,
    delta double precision,
    detail jsonb not null,
    primary key (round_id, zone_id, kind))`);
  await manager.query(`create index ${t('zone_change')}_zone on ${t('zone_change')} (zone_id)`);
  await manager.query(`create table ${t('published_rank')} (
    round_id text not null,
    position int not null,
    rank int not null,
    name_zh text not null,
    name_en text,
    zone_id text,
    matched_by text,
    unmatched_reason text,
    published_on jsonb,
    zones_assessed int,
    source text,
    primary key (round_id, position))`);
  await manager.query(
    `create index ${t('published_rank')}_zone on ${t('published_rank')} (zone_id) where zone_id is not null`,
  );
}

async function applyEvent(
  event: ConsumedEvent,
  manager: EntityManager,
  context: ProjectionContext,
): Promise<void> {
  const t = (name: string) => context.table(name);
  const at = event.cloudEvent.time;
  const type = eventContract(event.cloudEvent.type).domainType;
  switch (type) {
    case 'MethodologyVersionCreated': {
      const methodology = (event.data as MethodologyVersionCreatedJson).methodology ?? {};
      await manager.query(
        `insert into ${t('methodology_version')} (methodology_id, version, name,
           weights_published, methodology, recorded_at)
         values ($1, $2, $3, $4, $5, $6) on conflict do nothing`,
        [
          methodology.methodologyId ?? '',
          methodology.version ?? 0,
          methodology.name ?? '',
          methodology.weightsPublished === true,
          methodology,
          at,
        ],
      );
      return;
    }
    case 'RoundOpened': {
      const round = event.data as RoundOpenedJson;
      await manager.query(
        `insert into ${t('round_summary')} (round_id, methodology_id, methodology_version,
           reference_on, reference_date, synthetic, population_size, opened_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict do nothing`,
        [
          round.roundId,
          round.methodology?.methodologyId ?? '',
          round.methodology?.version ?? 0,
          round.referenceDate ?? UNKNOWN_DAY,
          firstDayOf({ ...UNKNOWN_DAY, ...round.referenceDate }),
          round.synthetic === true,
          round.population?.length ?? 0,
          at,
        ],
      );
      return;
    }
    case 'RoundScored': {
      const scored = event.data as RoundScoredJson;
      await manager.query(
        `update ${t('round_summary')} set scoring = $2, zones_scored = $3, unscored = $4
         where round_id = $1 and scoring < $2`,
        [scored.roundId, scored.scoring, scored.zonesScored ?? 0, scored.unscored ?? []],
      );
      return;
    }
    case 'ZoneScored': {
      const zone = event.data as ZoneScoredJson;
      await manager.query(
        `insert into ${t('zone_result')} (round_id, scoring, zone_id, region, total,
           national_rank, regional_rank, dimensions, imputed, excluded)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) on conflict do nothing`,
        [
          zone.roundId,
          zone.scoring,
          zone.zoneId,
          zone.region,
          zone.total ?? 0,
          zone.nationalRank,
          zone.regionalRank,
          JSON.stringify(zone.dimensions ?? []),
          zone.imputed ?? [],
          zone.excluded ?? [],
        ],
      );
      return;
    }
    case 'RoundPublished': {
      const published = event.data as RoundPublishedJson;
      await manager.query(
        `update ${t('round_summary')} set published = true, published_scoring = $2,
           published_at = $3
         where round_id = $1 and not published`,
        [published.roundId, published.scoring, at],
      );
      return;
    }
    case 'ZoneScoreChanged':
      await insertChange(
        manager,
        t('zone_change'),
        scoreChange(event.data as ZoneScoreChangedJson),
      );
      return;
    case 'ZoneRankChanged':
      await insertChange(manager, t('zone_change'), rankChange(event.data as ZoneRankChangedJson));
      return;
    case 'ExitWarningIssued':
      await insertChange(
        manager,
        t('zone_change'),
        exitWarning(event.data as ExitWarningIssuedJson),
      );
      return;
    case 'PublishedRankingImported':
      await replacePublishedRanking(
        manager,
        t('published_rank'),
        event.data as PublishedRankingImportedJson,
      );
      return;
    default:
      // Submissions and corrections are read from the round's stream, not from here.
      return;
  }
}

// A scoring records one ZoneScored per zone and a publication up to three changes per zone: a
// batch writes them with one statement per table (at most ROWS_PER_STATEMENT rows each) instead
// of one insert per event. Only ZoneScored writes zone_result and only the changes and warnings
// write zone_change, every one with `on conflict do nothing`, so writing them after the batch's
// other events, in the batch's order (the first of two equal keys kept), has the effect of
// handling each event in turn.
const ROWS_PER_STATEMENT = 5000;

async function applyEvents(
  events: readonly ConsumedEvent[],
  manager: EntityManager,
  context: ProjectionContext,
): Promise<void> {
  const results: unknown[] = [];
  const changes: ChangeRow[] = [];
  for (const event of events) {
    const type = eventContract(event.cloudEvent.type).domainType;
    if (type === 'ZoneScored') results.push(resultRow(event.data as ZoneScoredJson));
    else if (type === 'ZoneScoreChanged')
      changes.push(scoreChange(event.data as ZoneScoreChangedJson));
    else if (type === 'ZoneRankChanged')
      changes.push(rankChange(event.data as ZoneRankChangedJson));
    else if (type === 'ExitWarningIssued')
      changes.push(exitWarning(event.data as ExitWarningIssuedJson));
    else await applyEvent(event, manager, context);
  }
  for (let at = 0; at < results.length; at += ROWS_PER_STATEMENT)
    await insertResults(
      manager,
      context.table('zone_result'),
      results.slice(at, at + ROWS_PER_STATEMENT),
    );
  for (let at = 0; at < changes.length; at += ROWS_PER_STATEMENT)
    await insertChanges(
      manager,
      context.table('zone_change'),
      changes.slice(at, at + ROWS_PER_STATEMENT),
    );
}

/** zone_result's columns of a ZoneScored, as applyEvent binds them. */
function resultRow(zone: ZoneScoredJson) {
  return {
    roundId: zone.roundId,
    scoring: zone.scoring,
    zoneId: zone.zoneId,
    region: zone.region,
    total: zone.total ?? 0,
    nationalRank: zone.nationalRank,
    regionalRank: zone.regionalRank,
    dimensions: zone.dimensions ?? [],
    imputed: zone.imputed ?? [],
    excluded: zone.excluded ?? [],
  };
}

async function insertResults(manager: EntityManager, table: string, rows: readonly unknown[]) {
  await manager.query(
    `insert into ${table} (round_id, scoring, zone_id, region, total, national_rank,
       regional_rank, dimensions, imputed, excluded)
     select r->>'roundId', (r->>'scoring')::int, r->>'zoneId', r->>'region',
       (r->>'total')::double precision, (r->>'nationalRank')::int, (r->>'regionalRank')::int,
       r->'dimensions',
       array(select jsonb_array_elements_text(r->'imputed')),
       array(select jsonb_array_elements_text(r->'excluded'))
     from jsonb_array_elements($1::jsonb) with ordinality as e(r, n)
     order by n
     on conflict do nothing`,
    [JSON.stringify(rows)],
  );
}

async function insertChanges(manager: EntityManager, table: string, rows: readonly ChangeRow[]) {
  await manager.query(
    `insert into ${table} (round_id, zone_id, kind, previous_round_id, previous_value, value,
       delta, detail)
     select r->>'roundId', r->>'zoneId', r->>'kind', r->>'previousRoundId',
       (r->>'previous')::double precision, (r->>'value')::double precision,
       (r->>'delta')::double precision, r->'detail'
     from jsonb_array_elements($1::jsonb) with ordinality as e(r, n)
     order by n
     on conflict do nothing`,
    [
      JSON.stringify(
        rows.map((row) => ({
          ...row,
          previousRoundId: row.previousRoundId ?? null,
          previous: row.previous ?? null,
          delta: row.delta ?? null,
        })),
      ),
    ],
  );
}

function scoreChange(change: ZoneScoreChangedJson): ChangeRow {
  return {
    roundId: change.roundId ?? '',
    zoneId: change.zoneId ?? '',
    kind: 'score',
    previousRoundId: change.previousRoundId,
    previous: Number(change.previousTotal ?? 0),
    value: Number(change.total ?? 0),
    delta: Number(change.delta ?? 0),
    detail: change,
  };
}

function rankChange(change: ZoneRankChangedJson): ChangeRow {
  return {
    roundId: change.roundId ?? '',
    zoneId: change.zoneId ?? '',
    kind: 'rank',
    previousRoundId: change.previousRoundId,
    previous: change.previousRank ?? 0,
    value: change.rank ?? 0,
    delta: change.delta ?? 0,
    detail: change,
  };
}

function exitWarning(warning: ExitWarningIssuedJson): ChangeRow {
  return {
    roundId: warning.roundId ?? '',
    zoneId: warning.zoneId ?? '',
    kind: 'exit_warning',
    value: warning.regionalRank ?? 0,
    detail: warning,
  };
}

interface ChangeRow {
  readonly roundId: string;
  readonly zoneId: string;
  readonly kind: 'score' | 'rank' | 'exit_warning';
  readonly previousRoundId?: string;
  readonly previous?: number;
  readonly value: number;
  readonly delta?: number;
  readonly detail: unknown;
}

async function insertChange(manager: EntityManager, table: string, row: ChangeRow) {
  await manager.query(
    `insert into ${table} (round_id, zone_id, kind, previous_round_id, previous_value, value,
       delta, detail)
     values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict do nothing`,
    [
      row.roundId,
      row.zoneId,
      row.kind,
      row.previousRoundId ?? null,
      row.previous ?? null,
      row.value,
      row.delta ?? null,
      JSON.stringify(row.detail),
    ],
  );
}

async function replacePublishedRanking(
  manager: EntityManager,
  table: string,
  ranking: PublishedRankingImportedJson,
) {
  await manager.query(`delete from ${table} where round_id = $1`, [ranking.roundId]);
  const rows = [...(ranking.matched ?? []), ...(ranking.unmatched ?? [])].sort(
    (a, b) => (a.rank ?? 0) - (b.rank ?? 0),
  );
  await manager.query(
    `insert into ${table} (round_id, position, rank, name_zh, name_en, zone_id, matched_by,
       unmatched_reason, published_on, zones_assessed, source)
     select $1, r.position, r.rank, r."nameZh", r."nameEn", r."zoneId", r."matchedBy",
       r."unmatchedReason", $3, $4, $5
     from jsonb_to_recordset($2::jsonb) as r(position int, rank int, "nameZh" text,
       "nameEn" text, "zoneId" text, "matchedBy" text, "unmatchedReason" text)`,
    [
      ranking.roundId,
      JSON.stringify(rows.map((row, index) => ({ ...row, position: index + 1 }))),
      ranking.publishedOn ? JSON.stringify(ranking.publishedOn) : null,
      ranking.zonesAssessed ?? null,
      ranking.source ?? null,
    ],
  );
}
