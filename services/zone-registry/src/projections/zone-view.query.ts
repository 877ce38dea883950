import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { containing, readPage, type Page } from '@zoneledger/platform';
import type { DataSource } from 'typeorm';
import type { Zone } from '../domain/zone.state';
import {
  zoneView,
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
    const { rows, total } = await readPage<{ state: Zone; stream_version: number }>(
      this.dataSource,
      {
        select: 'state, stream_version',
        from: 'zone_view',
        where: conditions,
        values,
        orderBy: 'name_zh collate "C", zone_id collate "C"',
      },
      page,
    );
    return { items: rows.map((row) => zoneView(row.state, row.stream_version)), total, ...page };
  }

  async zoneIds(): Promise<string[]> {
    const rows: { zone_id: string }[] = await this.dataSource.query(
      `select zone_id from zone_view order by zone_id`,
    );
    return rows.map((row) => row.zone_id);
  }
}
