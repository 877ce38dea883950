import {
  insertNewRecordsStatement,
  recordset,
  statementHandlers,
  textArray,
  type Projection,
  type ProjectionContext,
  type ProjectionStatements,
} from '@zoneledger/projections';
import { trigramOperatorClass } from '@zoneledger/platform';
import type { EntityManager } from 'typeorm';
import {
  policyTimelineChange,
  summaryChanges,
  versionKey,
  type PolicyTimelineChange,
  type PolicyVersionRow,
} from './policy-event-rows';

/**
 * A version's scope keys: the values of the one criterion its scope names that narrows most
 * (named zones, else provinces, else regions, else kinds, else levels), or '*' for a scope that
 * names none. A zone the scope covers holds one of them (every criterion a scope names must
 * hold), so "which versions can cover zone Z" is an overlap of these keys with Z's id, province,
 * region, kind, level and '*', which a gin index on this expression answers. The vocabularies do
 * not overlap in practice, and where they might the full scope test that follows decides.
 * Columns unqualified: queries use it over policy_version alone, as the index is defined.
 */
export const SCOPE_KEYS = `(case
    when cardinality(scope_zone_ids) > 0 then scope_zone_ids
    when cardinality(scope_provinces) > 0 then scope_provinces
    when cardinality(scope_regions) > 0 then scope_regions
    when cardinality(scope_zone_kinds) > 0 then scope_zone_kinds
    when cardinality(scope_zone_levels) > 0 then scope_zone_levels
    else array['*']::text[] end)`;

/** The read model's name: keys its checkpoints, generations and consumer group. */
export const POLICY_TIMELINE = 'policy-timeline';

/**
 * Every policy, bitemporally: each version with the day it takes effect (valid time) and the
 * moment the register recorded it (recorded time), and each ending (supersession, repeal) the
 * same way, so a read asks "in force on D as the register knew it at T". policy_summary holds
 * what lists and links need of each policy as known now (its newest version's text).
 *
 * A redelivered or re-published event finds its version or ending recorded and changes nothing:
 * versions and endings are keyed by what they are, not by event id. A batch of events is one read
 * and at most four writes however many policies it touches, sent as statements (ADR 0021).
 */
export function policyTimelineProjection(policiesTopic: string): Projection {
  return {
    name: POLICY_TIMELINE,
    topics: [policiesTopic],
    tables: ['policy_version', 'policy_ending', 'policy_summary'],
    createTables,
    ...statementHandlers(statements),
    statements,
  };
}

async function createTables(manager: EntityManager, context: ProjectionContext): Promise<void> {
  const versions = context.table('policy_version');
  const endings = context.table('policy_ending');
  const summary = context.table('policy_summary');
  await manager.query(`create table ${versions} (
    policy_id text not null,
    version int not null,
    effective_on jsonb not null,
    effective_from date not null,
    expires_on jsonb,
    expires_through date,
    title_zh text not null,
    title_en text,
    themes text[] not null,
    measures text[] not null,
    scope jsonb not null,
    scope_zone_kinds text[] not null,
    scope_zone_levels text[] not null,
    scope_provinces text[] not null,
    scope_regions text[] not null,
    scope_zone_ids text[] not null,
    amended_on jsonb,
    reason text,
    recorded_at timestamptz not null,
    primary key (policy_id, version))`);
  // "The version of each policy in force on D as known at T" walks each policy's versions newest
  // first and stops at the first effective by D and recorded by T.
  await manager.query(
    `create index ${versions}_in_force on ${versions} (policy_id, version desc) include (effective_from, recorded_at, expires_through)`,
  );
  // "Which policies can apply to this zone" looks up the versions by scope key.
  await manager.query(
    `create index ${versions}_scope_keys on ${versions} using gin (${SCOPE_KEYS})`,
  );
  await manager.query(`create table ${endings} (
    policy_id text not null,
    kind text not null,
    effective_on jsonb not null,
    effective_from date not null,
    by_policy_id text,
    reason text,
    recorded_at timestamptz not null,
    primary key (policy_id, kind))`);
  await manager.query(`create index ${endings}_by_policy on ${endings} (by_policy_id)`);
  await manager.query(`create table ${summary} (
    policy_id text primary key,
    document_number text not null,
    issuer text not null,
    kind text not null,
    issued_on jsonb not null,
    issued_from date not null,
    implements_policy_id text,
    latest_version int not null,
    title_zh text not null,
    title_en text,
    themes text[] not null,
    search_text text not null,
    recorded_at timestamptz not null)`);
  await manager.query(
    `create index ${summary}_list_order on ${summary} (issued_from desc, policy_id collate "C")`,
  );
  await manager.query(`create index ${summary}_issuer_kind on ${summary} (issuer, kind)`);
  await manager.query(`create index ${summary}_themes on ${summary} using gin (themes)`);
  await manager.query(
    `create index ${summary}_implements on ${summary} (implements_policy_id) where implements_policy_id is not null`,
  );
  // Searches match part of a title or measure ('%…%'): trigrams serve them, Chinese included.
  await manager.query(
    `create index ${summary}_search_trgm on ${summary} using gin (search_text ${await trigramOperatorClass(manager)})`,
  );
}

/** What the read returns of each policy a batch names: its summary's version, its versions. */
interface HeldPolicy {
  readonly policy_id: string;
  /** null: the timeline holds no summary of it yet. */
  readonly latest_version: number | null;
  readonly versions: readonly number[];
}

/**
 * Applies consecutive events of one partition: the summaries and recorded versions of the
 * policies they name read with one statement, then the new versions (those not recorded yet),
 * the new summaries, the summaries' newest texts and the endings written with one statement
 * each. The same effect as one event at a time (summaryChanges): versions and endings are keyed
 * by what they are, the first of a key wins, and a summary takes a version's text only if that
 * version is new and newer than the summary's. Every row is its policy's, and a policy's events
 * share a partition, so what was read holds until the write (ProjectionStatements).
 */
const statements: ProjectionStatements = {
  read(events, source, literal) {
    const policyIds = [
      ...new Set(versionsOf(events.map(policyTimelineChange)).map((v) => v.policy_id)),
    ];
    return `select k.policy_id, s.latest_version,
        array(select v.version from ${source('policy_version')} v
          where v.policy_id = k.policy_id) as versions
      from unnest(${textArray(policyIds, literal)}) as k(policy_id)
      left join ${source('policy_summary')} s on s.policy_id = k.policy_id`;
  },
  write(events, rows, context, literal) {
    const changes = events.map(policyTimelineChange);
    const versions = versionsOf(changes);
    const endings = firstOfEach(
      changes.flatMap((change) => (change.kind === 'ended' ? [change.ending] : [])),
      (ending) => `${ending.policy_id}/${ending.kind}`,
    );
    const held = rows as readonly HeldPolicy[];
    const recorded = new Set(
      held.flatMap(({ policy_id, versions }) =>
        versions.map((version) => versionKey({ policy_id, version })),
      ),
    );
    const added = versions.filter((version) => !recorded.has(versionKey(version)));
    const { created, latest } = summaryChanges(
      changes,
      new Map(
        held.flatMap(({ policy_id, latest_version }) =>
          latest_version === null ? [] : [[policy_id, latest_version] as const],
        ),
      ),
      new Set(added.map(versionKey)),
    );
    const json = (values: readonly object[]) => literal(JSON.stringify(values));
    const summary = context.table('policy_summary');
    const written: string[] = [];
    if (added.length > 0)
      written.push(
        insertNewRecordsStatement(
          context.table('policy_version'),
          VERSION_COLUMNS,
          json(added.map(versionColumns)),
        ),
      );
    if (created.length > 0)
      written.push(
        insertNewRecordsStatement(
          summary,
          SUMMARY_COLUMNS,
          json(
            created.map(({ issuance, version }) => ({
              ...issuance,
              latest_version: 0,
              title_zh: version.title_zh,
              title_en: version.title_en,
              themes: version.themes,
              search_text: searchText(version),
              recorded_at: version.recorded_at,
            })),
          ),
        ),
      );
    if (latest.size > 0)
      written.push(latestVersionsStatement(summary, json([...latest.values()].map(latestText))));
    if (endings.length > 0)
      written.push(
        insertNewRecordsStatement(context.table('policy_ending'), ENDING_COLUMNS, json(endings)),
      );
    return written.length > 0 ? written.join(';\n') : undefined;
  },
};

/** The versions a run of changes records, the first of each key. */
function versionsOf(changes: readonly PolicyTimelineChange[]): PolicyVersionRow[] {
  return firstOfEach(
    changes.flatMap((change) => ('version' in change ? [change.version] : [])),
    versionKey,
  );
}

/** The first of each key, in order. */
function firstOfEach<T>(items: readonly T[], keyOf: (item: T) => string): T[] {
  const first = new Map<string, T>();
  for (const item of items) if (!first.has(keyOf(item))) first.set(keyOf(item), item);
  return [...first.values()];
}

const VERSION_COLUMNS = {
  policy_id: 'text',
  version: 'int',
  effective_on: 'jsonb',
  effective_from: 'date',
  expires_on: 'jsonb',
  expires_through: 'date',
  title_zh: 'text',
  title_en: 'text',
  themes: 'text[]',
  measures: 'text[]',
  scope: 'jsonb',
  scope_zone_kinds: 'text[]',
  scope_zone_levels: 'text[]',
  scope_provinces: 'text[]',
  scope_regions: 'text[]',
  scope_zone_ids: 'text[]',
  amended_on: 'jsonb',
  reason: 'text',
  recorded_at: 'timestamptz',
};

function versionColumns(row: PolicyVersionRow) {
  return {
    ...row,
    scope_zone_kinds: row.scope.zoneKinds,
    scope_zone_levels: row.scope.zoneLevels,
    scope_provinces: row.scope.provinces,
    scope_regions: row.scope.regions,
    scope_zone_ids: row.scope.zoneIds,
  };
}

const SUMMARY_COLUMNS = {
  policy_id: 'text',
  document_number: 'text',
  issuer: 'text',
  kind: 'text',
  issued_on: 'jsonb',
  issued_from: 'date',
  implements_policy_id: 'text',
  latest_version: 'int',
  title_zh: 'text',
  title_en: 'text',
  themes: 'text[]',
  search_text: 'text',
  recorded_at: 'timestamptz',
};

const ENDING_COLUMNS = {
  policy_id: 'text',
  kind: 'text',
  effective_on: 'jsonb',
  effective_from: 'date',
  by_policy_id: 'text',
  reason: 'text',
  recorded_at: 'timestamptz',
};

// Lists show a policy's newest text as known now.
function latestVersionsStatement(table: string, versions: string): string {
  return `update ${table} s set latest_version = v.version, title_zh = v.title_zh,
       title_en = v.title_en, themes = v.themes, search_text = v.search_text
     from ${recordset(versions, LATEST_COLUMNS, 'v')}
     where s.policy_id = v.policy_id and s.latest_version < v.version`;
}

// The summary's columns a newer version's text replaces, and that version.
const LATEST_COLUMNS = {
  policy_id: SUMMARY_COLUMNS.policy_id,
  version: 'int',
  title_zh: SUMMARY_COLUMNS.title_zh,
  title_en: SUMMARY_COLUMNS.title_en,
  themes: SUMMARY_COLUMNS.themes,
  search_text: SUMMARY_COLUMNS.search_text,
};

// A version as LATEST_COLUMNS read it (its other properties have no column there).
function latestText(version: PolicyVersionRow) {
  return { ...version, search_text: searchText(version) };
}

// What a search reads: titles and measures, English lower-cased (searches lower-case too).
function searchText(version: PolicyVersionRow): string {
  return [version.title_zh, version.title_en ?? '', ...version.measures].join('\n').toLowerCase();
}
