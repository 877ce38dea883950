import type { ConsumedEvent } from '@zoneledger/messaging';
import type { Projection, ProjectionContext } from '@zoneledger/projections';
import { trigramOperatorClass } from '@zoneledger/platform';
import type { EntityManager } from 'typeorm';
import {
  policyTimelineChange,
  type PolicyEndingRow,
  type PolicyIssuanceRow,
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
 * versions and endings are keyed by what they are, not by event id.
 */
export function policyTimelineProjection(policiesTopic: string): Projection {
  return {
    name: POLICY_TIMELINE,
    topics: [policiesTopic],
    tables: ['policy_version', 'policy_ending', 'policy_summary'],
    createTables,
    handle: applyEvent,
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

async function applyEvent(
  event: ConsumedEvent,
  manager: EntityManager,
  context: ProjectionContext,
): Promise<void> {
  const change = policyTimelineChange(event);
  switch (change.kind) {
    case 'issued':
      await insertSummary(
        manager,
        context.table('policy_summary'),
        change.issuance,
        change.version,
      );
      await insertVersion(manager, context, change.version);
      return;
    case 'amended':
      await insertVersion(manager, context, change.version);
      return;
    case 'ended':
      await insertEnding(manager, context.table('policy_ending'), change.ending);
      return;
    case 'none':
      return;
  }
}

async function insertVersion(
  manager: EntityManager,
  context: ProjectionContext,
  row: PolicyVersionRow,
): Promise<void> {
  const { scope } = row;
  const inserted: unknown[] = await manager.query(
    `insert into ${context.table('policy_version')} (policy_id, version, effective_on,
       effective_from, expires_on, expires_through, title_zh, title_en, themes, measures, scope,
       scope_zone_kinds, scope_zone_levels, scope_provinces, scope_regions, scope_zone_ids,
       amended_on, reason, recorded_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
     on conflict (policy_id, version) do nothing returning version`,
    [
      row.policy_id,
      row.version,
      row.effective_on,
      row.effective_from,
      row.expires_on,
      row.expires_through,
      row.title_zh,
      row.title_en,
      row.themes,
      row.measures,
      scope,
      scope.zoneKinds,
      scope.zoneLevels,
      scope.provinces,
      scope.regions,
      scope.zoneIds,
      row.amended_on,
      row.reason,
      row.recorded_at,
    ],
  );
  if (inserted.length === 0) return;
  // Lists show a policy's newest text as known now.
  await manager.query(
    `update ${context.table('policy_summary')} set latest_version = $2, title_zh = $3,
       title_en = $4, themes = $5, search_text = $6
     where policy_id = $1 and latest_version < $2`,
    [row.policy_id, row.version, row.title_zh, row.title_en, row.themes, searchText(row)],
  );
}

async function insertSummary(
  manager: EntityManager,
  table: string,
  issuance: PolicyIssuanceRow,
  version: PolicyVersionRow,
): Promise<void> {
  await manager.query(
    `insert into ${table} (policy_id, document_number, issuer, kind, issued_on, issued_from,
       implements_policy_id, latest_version, title_zh, title_en, themes, search_text, recorded_at)
     values ($1, $2, $3, $4, $5, $6, $7, 0, $8, $9, $10, $11, $12)
     on conflict (policy_id) do nothing`,
    [
      issuance.policy_id,
      issuance.document_number,
      issuance.issuer,
      issuance.kind,
      issuance.issued_on,
      issuance.issued_from,
      issuance.implements_policy_id,
      version.title_zh,
      version.title_en,
      version.themes,
      searchText(version),
      version.recorded_at,
    ],
  );
}

async function insertEnding(
  manager: EntityManager,
  table: string,
  row: PolicyEndingRow,
): Promise<void> {
  await manager.query(
    `insert into ${table} (policy_id, kind, effective_on, effective_from, by_policy_id, reason,
       recorded_at)
     values ($1, $2, $3, $4, $5, $6, $7) on conflict (policy_id, kind) do nothing`,
    [
      row.policy_id,
      row.kind,
      row.effective_on,
      row.effective_from,
      row.by_policy_id,
      row.reason,
      row.recorded_at,
    ],
  );
}

// What a search reads: titles and measures, English lower-cased (searches lower-case too).
function searchText(version: PolicyVersionRow): string {
  return [version.title_zh, version.title_en ?? '', ...version.measures].join('\n').toLowerCase();
}
