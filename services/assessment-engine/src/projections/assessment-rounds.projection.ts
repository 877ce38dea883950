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
import {
  insertNewRecordsStatement,
  recordset,
  statementHandlers,
  type Literal,
  type Projection,
  type ProjectionContext,
  type ProjectionStatements,
} from '@zoneledger/projections';
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
 * Nothing is read before writing: a batch is one round trip of statements besides the checkpoint's
 * (ADR 0021).
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
    ...statementHandlers(statements),
    statements,
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

// A scoring records one ZoneScored per zone and a publication up to three changes per zone: a
// batch writes them with one statement per table (at most ROWS_PER_STATEMENT rows each) instead
// of one insert per event. Only ZoneScored writes zone_result and only the changes and warnings
// write zone_change, every one with `on conflict do nothing`, so writing them after the batch's
// other events, in the batch's order (the first of two equal keys kept), has the effect of
// handling each event in turn.
const ROWS_PER_STATEMENT = 5000;

/** Tables by the names queries use, to the batch's generation's. */
type Tables = (name: string) => string;

/**
 * Writes consecutive events of one partition: each event's statement in turn, then the batch's
 * zone results and changes with one statement per table. Every row is its round's or its
 * methodology version's, written by its stream's events alone (ProjectionStatements).
 */
const statements: ProjectionStatements = {
  write(events, _rows, context, literal) {
    const t = (name: string) => context.table(name);
    const json = (value: unknown) => literal(JSON.stringify(value));
    const results: unknown[] = [];
    const changes: ChangeRow[] = [];
    const written: string[] = [];
    for (const event of events) {
      const type = eventContract(event.cloudEvent.type).domainType;
      if (type === 'ZoneScored') results.push(resultRow(event.data as ZoneScoredJson));
      else if (type === 'ZoneScoreChanged')
        changes.push(scoreChange(event.data as ZoneScoreChangedJson));
      else if (type === 'ZoneRankChanged')
        changes.push(rankChange(event.data as ZoneRankChangedJson));
      else if (type === 'ExitWarningIssued')
        changes.push(exitWarning(event.data as ExitWarningIssuedJson));
      else written.push(...eventStatements(event, t, literal));
    }
    for (let at = 0; at < results.length; at += ROWS_PER_STATEMENT)
      written.push(
        insertResultsStatement(t('zone_result'), json(results.slice(at, at + ROWS_PER_STATEMENT))),
      );
    for (let at = 0; at < changes.length; at += ROWS_PER_STATEMENT)
      written.push(
        insertChangesStatement(
          t('zone_change'),
          json(changes.slice(at, at + ROWS_PER_STATEMENT).map(changeColumns)),
        ),
      );
    return written.length > 0 ? written.join(';\n') : undefined;
  },
};

/** The statements of an event other than a zone's result or change; none for the rest. */
function eventStatements(event: ConsumedEvent, t: Tables, literal: Literal): string[] {
  const json = (value: unknown) => literal(JSON.stringify(value));
  const at = event.cloudEvent.time.toISOString();
  switch (eventContract(event.cloudEvent.type).domainType) {
    case 'MethodologyVersionCreated': {
      const methodology = (event.data as MethodologyVersionCreatedJson).methodology ?? {};
      return [
        insertNewRecordsStatement(
          t('methodology_version'),
          METHODOLOGY_COLUMNS,
          json([
            {
              methodology_id: methodology.methodologyId ?? '',
              version: methodology.version ?? 0,
              name: methodology.name ?? '',
              weights_published: methodology.weightsPublished === true,
              methodology,
              recorded_at: at,
            },
          ]),
        ),
      ];
    }
    case 'RoundOpened': {
      const round = event.data as RoundOpenedJson;
      return [
        insertNewRecordsStatement(
          t('round_summary'),
          OPENED_COLUMNS,
          json([
            {
              round_id: round.roundId ?? '',
              methodology_id: round.methodology?.methodologyId ?? '',
              methodology_version: round.methodology?.version ?? 0,
              reference_on: round.referenceDate ?? UNKNOWN_DAY,
              reference_date: firstDayOf({ ...UNKNOWN_DAY, ...round.referenceDate }),
              synthetic: round.synthetic === true,
              population_size: round.population?.length ?? 0,
              opened_at: at,
            },
          ]),
        ),
      ];
    }
    case 'RoundScored': {
      const scored = event.data as RoundScoredJson;
      const row = {
        round_id: scored.roundId ?? '',
        scoring: scored.scoring ?? 0,
        zones_scored: scored.zonesScored ?? 0,
        unscored: scored.unscored ?? [],
      };
      return [
        `update ${t('round_summary')} s set scoring = r.scoring, zones_scored = r.zones_scored,
           unscored = r.unscored
         from ${recordset(json([row]), SCORED_COLUMNS, 'r')}
         where s.round_id = r.round_id and s.scoring < r.scoring`,
      ];
    }
    case 'RoundPublished': {
      const published = event.data as RoundPublishedJson;
      const row = {
        round_id: published.roundId ?? '',
        published_scoring: published.scoring ?? 0,
        published_at: at,
      };
      return [
        `update ${t('round_summary')} s set published = true,
           published_scoring = r.published_scoring, published_at = r.published_at
         from ${recordset(json([row]), PUBLISHED_COLUMNS, 'r')}
         where s.round_id = r.round_id and not s.published`,
      ];
    }
    case 'PublishedRankingImported':
      return publishedRankingStatements(
        t('published_rank'),
        event.data as PublishedRankingImportedJson,
        literal,
      );
    default:
      // Submissions and corrections are read from the round's stream, not from here.
      return [];
  }
}

const METHODOLOGY_COLUMNS = {
  methodology_id: 'text',
  version: 'int',
  name: 'text',
  weights_published: 'boolean',
  methodology: 'jsonb',
  recorded_at: 'timestamptz',
};

const OPENED_COLUMNS = {
  round_id: 'text',
  methodology_id: 'text',
  methodology_version: 'int',
  reference_on: 'jsonb',
  reference_date: 'date',
  synthetic: 'boolean',
  population_size: 'int',
  opened_at: 'timestamptz',
};

const SCORED_COLUMNS = {
  round_id: 'text',
  scoring: 'int',
  zones_scored: 'int',
  unscored: 'text[]',
};

const PUBLISHED_COLUMNS = {
  round_id: 'text',
  published_scoring: 'int',
  published_at: 'timestamptz',
};

/** zone_result's columns of a ZoneScored, as insertResultsStatement reads them. */
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

function insertResultsStatement(table: string, rows: string): string {
  return `insert into ${table} (round_id, scoring, zone_id, region, total, national_rank,
       regional_rank, dimensions, imputed, excluded)
     select r->>'roundId', (r->>'scoring')::int, r->>'zoneId', r->>'region',
       (r->>'total')::double precision, (r->>'nationalRank')::int, (r->>'regionalRank')::int,
       r->'dimensions',
       array(select jsonb_array_elements_text(r->'imputed')),
       array(select jsonb_array_elements_text(r->'excluded'))
     from jsonb_array_elements(${rows}::jsonb) with ordinality as e(r, n)
     order by n
     on conflict do nothing`;
}

function insertChangesStatement(table: string, rows: string): string {
  return `insert into ${table} (round_id, zone_id, kind, previous_round_id, previous_value, value,
       delta, detail)
     select r->>'roundId', r->>'zoneId', r->>'kind', r->>'previousRoundId',
       (r->>'previous')::double precision, (r->>'value')::double precision,
       (r->>'delta')::double precision, r->'detail'
     from jsonb_array_elements(${rows}::jsonb) with ordinality as e(r, n)
     order by n
     on conflict do nothing`;
}

/** A change's row as insertChangesStatement reads it: what it lacks is null. */
function changeColumns(row: ChangeRow) {
  return {
    ...row,
    previousRoundId: row.previousRoundId ?? null,
    previous: row.previous ?? null,
    delta: row.delta ?? null,
  };
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

/** A re-imported ranking replaces the round's rows. */
function publishedRankingStatements(
  table: string,
  ranking: PublishedRankingImportedJson,
  literal: Literal,
): string[] {
  const roundId = literal(ranking.roundId ?? '');
  const ranks = [...(ranking.matched ?? []), ...(ranking.unmatched ?? [])].sort(
    (a, b) => (a.rank ?? 0) - (b.rank ?? 0),
  );
  const rows = ranks.map((row, index) => ({
    position: index + 1,
    rank: row.rank ?? 0,
    name_zh: row.nameZh ?? '',
    name_en: row.nameEn ?? null,
    zone_id: row.zoneId ?? null,
    matched_by: row.matchedBy ?? null,
    unmatched_reason: row.unmatchedReason ?? null,
    published_on: ranking.publishedOn ?? null,
    zones_assessed: ranking.zonesAssessed ?? null,
    source: ranking.source ?? null,
  }));
  const names = Object.keys(RANK_COLUMNS);
  return [
    `delete from ${table} where round_id = ${roundId}`,
    `insert into ${table} (round_id, ${names.join(', ')})
     select ${roundId}, ${names.join(', ')}
     from ${recordset(literal(JSON.stringify(rows)), RANK_COLUMNS, 'r')}`,
  ];
}

const RANK_COLUMNS = {
  position: 'int',
  rank: 'int',
  name_zh: 'text',
  name_en: 'text',
  zone_id: 'text',
  matched_by: 'text',
  unmatched_reason: 'text',
  published_on: 'jsonb',
  zones_assessed: 'int',
  source: 'text',
};
