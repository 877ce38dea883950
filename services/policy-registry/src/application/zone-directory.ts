import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { ScopeRequest, ZoneLookup } from '../domain/policy.commands';
import type { PolicyScope, Region, ZoneKind, ZoneLevel } from '../domain/policy.events';
import { scopeMatches, type ZoneStanding } from '../domain/policy-scope';

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

  /** What the decider needs to know of the zones `scope` names and covers. */
  async lookup(scope: ScopeRequest = {}): Promise<ZoneLookup> {
    const named = [...new Set((scope.zoneIds ?? []).map((zoneId) => zoneId.trim()))];
    const known: { zone_id: string }[] =
      named.length === 0
        ? []
        : await this.dataSource.query(
            `select zone_id from zone_directory where zone_id = any($1::text[])`,
            [named],
          );
    return {
      knownZoneIds: known.map((row) => row.zone_id),
      scopeZoneIds: await this.covered(scope),
    };
  }

  /** The zones in the register the scope covers now, by the domain's scopeMatches. */
  async covered(request: ScopeRequest): Promise<string[]> {
    const scope: PolicyScope = {
      zoneKinds: [...(request.zoneKinds ?? [])],
      zoneLevels: [...(request.zoneLevels ?? [])],
      provinces: [...(request.provinces ?? [])],
      regions: [...(request.regions ?? [])],
      zoneIds: (request.zoneIds ?? []).map((zoneId) => zoneId.trim()),
    };
    // Kinds and levels narrow the rows read; scopeMatches decides.
    const rows: DirectoryRow[] = await this.dataSource.query(
      `select zone_id, kind, level, province, region, status from zone_directory
       where status in ('active', 'downgraded')
         and (cardinality($1::text[]) = 0 or kind = any($1::text[]))
         and (cardinality($2::text[]) = 0 or level = any($2::text[]))
         and (cardinality($3::text[]) = 0 or zone_id = any($3::text[]))
       order by zone_id`,
      [scope.zoneKinds, scope.zoneLevels, scope.zoneIds],
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
