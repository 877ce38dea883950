import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ZoneKind, ZoneLevel } from '@zoneledger/shared-kernel';
import { zonesOnDay } from '@zoneledger/zone-timeline';
import type { DataSource } from 'typeorm';
import type { DirectoryEntry, PopulationZone } from '../domain';

/**
 * The zones as this service knows them from zoneledger.zones.v1 (the zone timeline and the zone
 * names read models): a round's population on its reference date, and the names published
 * rankings are matched against.
 */
@Injectable()
export class ZonePopulation {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The zones in the register on `day` (neither merged nor exited by then, as known now) of one of
   * `kinds` and `levels`, with their ranking regions, by zone id.
   */
  async on(
    day: string,
    kinds: readonly ZoneKind[],
    levels: readonly ZoneLevel[],
  ): Promise<PopulationZone[]> {
    const rows: { zone_id: string; region: PopulationZone['region'] }[] = await this.db.query(
      `select zone_id, region from ${zonesOnDay()}
       where status in ('active', 'downgraded') and kind = any($3::text[])
         and level = any($4::text[]) and region <> 'REGION_UNSPECIFIED'
       order by zone_id collate "C"`,
      [day, new Date(), kinds, levels],
    );
    return rows.map((row) => ({ zoneId: row.zone_id, region: row.region }));
  }

  /** Every zone's current names, for matching published rankings. */
  async directory(): Promise<DirectoryEntry[]> {
    return this.names(`select zone_id, name_zh, name_en from zone_names order by zone_id`);
  }

  /** The current names of these zones (a page of a ranking), by zone id. */
  async namesOf(zoneIds: readonly string[]): Promise<Map<string, DirectoryEntry>> {
    const entries = await this.names(
      `select zone_id, name_zh, name_en from zone_names where zone_id = any($1::text[])`,
      [zoneIds],
    );
    return new Map(entries.map((entry) => [entry.zoneId, entry]));
  }

  private async names(sql: string, parameters: unknown[] = []): Promise<DirectoryEntry[]> {
    const rows: { zone_id: string; name_zh: string; name_en: string | null }[] =
      await this.db.query(sql, parameters);
    return rows.map((row) => ({
      zoneId: row.zone_id,
      nameZh: row.name_zh,
      ...(row.name_en ? { nameEn: row.name_en } : {}),
    }));
  }
}
