import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Zone } from '../domain/zone.state';
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
      // The expressions of zone_view's trigram indexes, so a search reads them, not every row.
      const pattern = bind(containing(filter.text));
      conditions.push(`(name_zh ilike ${pattern} or lower(name_en) like lower(${pattern}))`);
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

/** A LIKE pattern matching `text` anywhere, its own %, _ and \ taken literally. */
export function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (wildcard) => `\\${wildcard}`)}%`;
}
