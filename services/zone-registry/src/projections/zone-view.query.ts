import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Namesake } from '../domain/zone.commands';
import type { Zone } from '../domain/zone.state';
import { tidy } from '../domain/zone.rules';
import {
  zoneView,
  type Page,
  type ZoneCatalog,
  type ZoneFilter,
  type ZonePage,
} from '../application/zone-view.model';

// Columns a filter criterion compares with; text and industry need their own conditions.
const EQUALITY_COLUMNS = {
  province: 'province',
  region: 'region',
  kind: 'kind',
  level: 'level',
  status: 'status',
} as const;

/** The zone catalogue read from the zone_view read model (the view of its current generation). */
@Injectable()
export class ZoneViewQuery implements ZoneCatalog {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async namesakes(nameZh: string, nameEn: string): Promise<Namesake[]> {
    const rows: { zone_id: string; level: Zone['level']; name_zh: string; name_en: string }[] =
      await this.dataSource.query(
        `select zone_id, level, name_zh, name_en from zone_view
         where status in ('active', 'downgraded')
           and (name_zh = $1 or ($2 <> '' and lower(name_en) = lower($2)))`,
        [tidy(nameZh), tidy(nameEn)],
      );
    return rows.map((row) => ({
      zoneId: row.zone_id,
      level: row.level,
      nameZh: row.name_zh,
      nameEn: row.name_en,
    }));
  }

  async search(filter: ZoneFilter, page: Page): Promise<ZonePage> {
    const conditions: string[] = [];
    const values: unknown[] = [];
    const bind = (value: unknown): string => `$${values.push(value)}`;
    for (const [criterion, column] of Object.entries(EQUALITY_COLUMNS)) {
      const value = filter[criterion as keyof typeof EQUALITY_COLUMNS];
      if (value !== undefined) conditions.push(`${column} = ${bind(value)}`);
    }
    if (filter.industry !== undefined)
      conditions.push(`${bind(filter.industry)} = any(industry_focus)`);
    if (filter.text !== undefined) {
      const pattern = bind(`%${filter.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      conditions.push(`(name_zh ilike ${pattern} or name_en ilike ${pattern})`);
    }
    const where = conditions.length > 0 ? `where ${conditions.join(' and ')}` : '';
    const [{ total }]: { total: number }[] = await this.dataSource.query(
      `select count(*)::int as total from zone_view ${where}`,
      values,
    );
    const rows: { state: Zone; stream_version: number }[] = await this.dataSource.query(
      `select state, stream_version from zone_view ${where}
       order by name_zh collate "C", zone_id collate "C" limit ${bind(page.limit)} offset ${bind(page.offset)}`,
      values,
    );
    return {
      items: rows.map((row) => zoneView(row.state, row.stream_version)),
      total,
      ...page,
    };
  }

  async zoneIds(): Promise<string[]> {
    const rows: { zone_id: string }[] = await this.dataSource.query(
      `select zone_id from zone_view order by zone_id`,
    );
    return rows.map((row) => row.zone_id);
  }
}
