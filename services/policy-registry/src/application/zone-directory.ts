import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { provinceNamed, type ZoneStanding } from '@zoneledger/shared-kernel';
import type { DataSource } from 'typeorm';
import type { Measure, ScopeRequest, ZoneLookup } from '../domain/policy.commands';
import type { PolicyScope, Region, ZoneKind, ZoneLevel } from '../domain/policy.events';
import { grantsAnyPower } from '../domain/policy-content.rules';
import { scopeMatches } from '../domain/policy-scope';

interface DirectoryRow {
  readonly zone_id: string;
  readonly kind: ZoneKind;
  readonly level: ZoneLevel;
  readonly province: string;
  readonly region: Region;
  readonly status: ZoneStanding;
}

/**
 * The zones this service knows from the zones topic (the zone_directory read model), as the
 * domain's ZoneLookup: which named zones exist, and which zones in the register (neither merged
 * nor exited) a scope resolves to now. It lags the zone register by moments: a zone registered
 * a moment ago may not be known yet.
 */
@Injectable()
export class ZoneDirectory {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * What the decider needs to know of the zones `scope` names and covers. The covered zones are
   * resolved only when `measures` grant a power (they are what the grants reach); otherwise a
   * policy's issuance costs the same whatever the size of the register.
   */
  async lookup(scope: ScopeRequest = {}, measures: readonly Measure[] = []): Promise<ZoneLookup> {
    const named = [...new Set((scope.zoneIds ?? []).map((zoneId) => zoneId.trim()))];
    const [known, scopeZoneIds] = await Promise.all([
      named.length === 0
        ? []
        : (this.dataSource.query(
            `select zone_id from zone_directory where zone_id = any($1::text[])`,
            [named],
          ) as Promise<{ zone_id: string }[]>),
      grantsAnyPower(measures) ? this.covered(scope) : [],
    ]);
    return { knownZoneIds: known.map((row) => row.zone_id), scopeZoneIds };
  }

  /**
   * The zones in the register the scope covers now. The database selects them by every
   * criterion (a province by its official and its short name, either of which a zone event may
   * carry); the domain's scopeMatches then confirms each, so the SQL never widens a scope.
   */
  async covered(request: ScopeRequest): Promise<string[]> {
    const scope: PolicyScope = {
      zoneKinds: [...(request.zoneKinds ?? [])],
      zoneLevels: [...(request.zoneLevels ?? [])],
      provinces: [...(request.provinces ?? [])],
      regions: [...(request.regions ?? [])],
      zoneIds: (request.zoneIds ?? []).map((zoneId) => zoneId.trim()),
    };
    const rows: DirectoryRow[] = await this.dataSource.query(
      `select zone_id, kind, level, province, region, status from zone_directory
       where status in ('active', 'downgraded')
         and (cardinality($1::text[]) = 0 or kind = any($1::text[]))
         and (cardinality($2::text[]) = 0 or level = any($2::text[]))
         and (cardinality($3::text[]) = 0 or province = any($3::text[]))
         and (cardinality($4::text[]) = 0 or region = any($4::text[]))
         and (cardinality($5::text[]) = 0 or zone_id = any($5::text[]))
       order by zone_id`,
      [
        scope.zoneKinds,
        scope.zoneLevels,
        scope.provinces.flatMap(provinceSpellings),
        scope.regions,
        scope.zoneIds,
      ],
    );
    return rows
      .filter(
        (row) =>
          scopeMatches(scope, {
            zoneId: row.zone_id,
            kind: row.kind,
            level: row.level,
            province: row.province,
            region: row.region,
            status: row.status,
          }).matches,
      )
      .map((row) => row.zone_id);
  }
}

/** The names a zone event may give a province by: official and short (or as written, if unknown). */
function provinceSpellings(name: string): string[] {
  const province = provinceNamed(name);
  return province ? [province.name, province.shortName] : [name.trim()];
}
