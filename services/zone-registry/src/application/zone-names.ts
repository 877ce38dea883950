import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queryable, RowsAlongside } from '@zoneledger/event-store';
import { postgresPool } from '@zoneledger/platform';
import type { DataSource } from 'typeorm';
import type { Namesake } from '../domain/zone.commands';
import type { NameClaim, NameClaimChanges } from '../domain/zone-name-claims';
import { ZoneNameTakenError } from '../domain/zone.errors';
import type { ZoneLevel } from '../domain/zone.events';
import { nameKey } from '../domain/zone.rules';

/** The table of the names zones in the register hold: one row per zone, language and level. */
export const ZONE_NAME_CLAIMS = 'zone_name_claims';

/**
 * The names the register's zones hold, kept in zone_name_claims by the transaction that appends
 * the events taking or freeing them: as current as the event store itself. The table's primary
 * key (one zone per name, language and level) is what keeps names unique: `move` refuses a name
 * another zone holds with ZONE.NAME_TAKEN, so the caller's events roll back. Registration relies
 * on that alone, its claims inserted by the append statement itself (`claimRows`) and taken
 * again with `move` when one clashes; the handlers that change an existing zone look namesakes
 * up here first as well, so the decider refuses a taken name among the other rules it checks, in
 * their order.
 */
@Injectable()
export class ZoneNames {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The zones in the register bearing either name, at any level, as committed now; their names
   * as the register compares them (the English one lower-cased).
   */
  async namesakes(nameZh: string, nameEn: string): Promise<Namesake[]> {
    // Named, so each connection plans it once: planning took most of its time (0.18 of 0.2 ms).
    const { rows } = await postgresPool(this.dataSource).query<{
      zone_id: string;
      level: ZoneLevel;
      name_zh: string;
      name_en: string;
    }>({
      name: 'zone-names.namesakes',
      text: `select zone_id, level,
           coalesce(max(name_key) filter (where language = 'zh'), '') as name_zh,
           coalesce(max(name_key) filter (where language = 'en'), '') as name_en
         from ${ZONE_NAME_CLAIMS}
         where zone_id in (select zone_id from ${ZONE_NAME_CLAIMS}
           where (language = 'zh' and name_key = $1) or (language = 'en' and name_key = $2))
         group by zone_id, level`,
      values: [nameKey('zh', nameZh), nameKey('en', nameEn)],
    });
    return rows.map((row) => ({
      zoneId: row.zone_id,
      level: row.level,
      nameZh: row.name_zh,
      nameEn: row.name_en,
    }));
  }

  /**
   * In the caller's transaction, after its append: frees the released names, then takes the
   * claimed ones. A name another zone holds (or is taking in a transaction not yet committed:
   * this one waits for it) fails with ZONE.NAME_TAKEN, so the caller rolls its events back.
   */
  async move(transaction: Queryable, changes: readonly NameClaimChanges[]): Promise<void> {
    const released = changes.flatMap((change) => change.released);
    if (released.length > 0) {
      await transaction.query(
        `delete from ${ZONE_NAME_CLAIMS} claim
         using unnest($1::text[], $2::text[], $3::text[], $4::text[])
           as released(level, language, name_key, zone_id)
         where (claim.level, claim.language, claim.name_key, claim.zone_id)
           = (released.level, released.language, released.name_key, released.zone_id)`,
        claimColumns(released),
      );
    }
    const claimed = changes.flatMap((change) => change.claimed).sort(byName);
    if (claimed.length > 0) await take(transaction, claimed);
  }

  /**
   * Changes that only take names, as rows for the append statement to insert with the events
   * (in name order, as `move` takes them); undefined when a change frees a name. A name another
   * zone holds fails the append, and `move` then tells which zone bears it.
   */
  claimRows(changes: readonly NameClaimChanges[]): RowsAlongside | undefined {
    if (changes.some((change) => change.released.length > 0)) return undefined;
    const claimed = changes.flatMap((change) => change.claimed).sort(byName);
    if (claimed.length === 0) return undefined;
    return {
      table: ZONE_NAME_CLAIMS,
      columns: CLAIM_COLUMNS,
      rows: claimed.map((claim) => [claim.level, claim.language, claim.key, claim.zoneId]),
    };
  }
}

// The table's columns, in the order of claimRows' values and of claimColumns' arrays.
const CLAIM_COLUMNS = ['level', 'language', 'name_key', 'zone_id'].map((name) => ({
  name,
  type: 'text',
}));

// The names in one order, so that two transactions taking the same names wait for each other
// rather than deadlock.
function byName(a: NameClaim, b: NameClaim): number {
  const keyOf = (claim: NameClaim) => `${claim.language}\u0000${claim.level}\u0000${claim.key}`;
  return keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0;
}

interface ClaimRow {
  readonly level: string;
  readonly language: string;
  readonly name_key: string;
  readonly zone_id: string;
}

// On a conflict the no-op update returns the row that holds the name, so one statement tells
// both whether each name was free and which zone bears it if not (atomically, even while
// another transaction frees or takes it).
async function take(transaction: Queryable, claimed: readonly NameClaim[]): Promise<void> {
  const { rows } = await transaction.query<ClaimRow>({
    name: 'zone-names.take',
    text: `insert into ${ZONE_NAME_CLAIMS} (level, language, name_key, zone_id)
     select * from unnest($1::text[], $2::text[], $3::text[], $4::text[])
     on conflict (language, name_key, level) do update set zone_id = ${ZONE_NAME_CLAIMS}.zone_id
     returning level, language, name_key, zone_id`,
    values: claimColumns(claimed),
  });
  const taken = rows.flatMap((row) => {
    const claim = claimed.find(
      (candidate) =>
        candidate.level === row.level &&
        candidate.language === row.language &&
        candidate.key === row.name_key,
    );
    return claim && claim.zoneId !== row.zone_id ? [{ claim, bearer: row.zone_id }] : [];
  });
  // The Chinese name first, as the decider refuses them (assertNamesFree).
  const refused = taken.find(({ claim }) => claim.language === 'zh') ?? taken[0];
  if (refused) throw new ZoneNameTakenError(refused.claim.name, refused.bearer);
}

/** The claims as the four arrays a statement unnests: level, language, name key, zone id. */
export function claimColumns(claims: readonly NameClaim[]): string[][] {
  return [
    claims.map((claim) => claim.level),
    claims.map((claim) => claim.language),
    claims.map((claim) => claim.key),
    claims.map((claim) => claim.zoneId),
  ];
}
