import { Inject, Injectable } from '@nestjs/common';
import { streamHistory, type Page, type StreamHistoryEntry } from '@zoneledger/platform';
import { provinceNamed } from '@zoneledger/shared-kernel';
import { ZoneNotFoundError } from '../domain/zone.errors';
import type { ZoneEvent } from '../domain/zone.events';
import type { Zone } from '../domain/zone.state';
import { ZoneStreams } from './zone-streams';
import {
  matchesFilter,
  zoneView,
  ZONE_CATALOG,
  type ZoneCatalog,
  type ZoneFilter,
  type ZonePage,
  type ZoneView,
} from './zone-view.model';

/** One event of a zone's history, as recorded. */
export type ZoneHistoryEntry = StreamHistoryEntry<ZoneEvent>;

/** The zones a zone came from (through the mergers that formed it) and the ones it went into. */
export interface ZoneLineageView {
  readonly zoneId: string;
  /** Zones it absorbed, and the zones they had absorbed, nearest first. */
  readonly ancestors: readonly string[];
  /** The zone it was merged into, the zone that one was merged into, and so on. */
  readonly descendants: readonly string[];
}

/**
 * The zone reads. A zone's detail, history and lineage come from its stream, exact at any
 * moment (`asOf` reads the stream as it stood then). The list comes from the zone_view read
 * model, which lags a little; a list as of a past moment folds every zone's stream instead.
 */
@Injectable()
export class ZoneReader {
  constructor(
    private readonly streams: ZoneStreams,
    @Inject(ZONE_CATALOG) private readonly catalog: ZoneCatalog,
  ) {}

  /** The zone as of `asOf`; ZONE.NOT_FOUND when it was not registered by then. */
  async detail(zoneId: string, asOf?: Date): Promise<ZoneView> {
    const { state, version } = await this.streams.read(zoneId, asOf);
    if (!state.registered) throw new ZoneNotFoundError(zoneId);
    return zoneView(state, version);
  }

  /** The zone's events in order, up to `asOf`. */
  async history(zoneId: string, asOf?: Date): Promise<ZoneHistoryEntry[]> {
    const { state, events } = await this.streams.read(zoneId, asOf);
    if (!state.registered) throw new ZoneNotFoundError(zoneId);
    return streamHistory(events);
  }

  /** Where the zone came from and went, through mergers, as of `asOf`. */
  async lineage(zoneId: string, asOf?: Date): Promise<ZoneLineageView> {
    const zone = await this.registered(zoneId, asOf);
    const ancestors: string[] = [];
    const pending = [...zone.lineage.absorbedZoneIds];
    for (let next = pending.shift(); next !== undefined; next = pending.shift()) {
      if (ancestors.includes(next)) continue;
      ancestors.push(next);
      pending.push(...(await this.registered(next, asOf)).lineage.absorbedZoneIds);
    }
    const descendants: string[] = [];
    for (let into = zone.lineage.mergedInto; into !== undefined && !descendants.includes(into); ) {
      descendants.push(into);
      into = (await this.registered(into, asOf)).lineage.mergedInto;
    }
    return { zoneId, ancestors, descendants };
  }

  /** One page of the zones matching the filter, now or as of a past moment. */
  async list(filter: ZoneFilter, page: Page, asOf?: Date): Promise<ZonePage> {
    const province = filter.province && (provinceNamed(filter.province)?.name ?? filter.province);
    const criteria = { ...filter, ...(province ? { province } : {}) };
    if (!asOf) return this.catalog.search(criteria, page);
    const zones: ZoneView[] = [];
    for (const zoneId of await this.catalog.zoneIds()) {
      const { state, version } = await this.streams.read(zoneId, asOf);
      if (state.registered && matchesFilter(state, criteria)) zones.push(zoneView(state, version));
    }
    zones.sort((a, b) =>
      a.nameZh === b.nameZh ? cmp(a.zoneId, b.zoneId) : cmp(a.nameZh, b.nameZh),
    );
    return {
      items: zones.slice(page.offset, page.offset + page.limit),
      total: zones.length,
      ...page,
    };
  }

  private async registered(zoneId: string, asOf?: Date): Promise<Zone> {
    const { state } = await this.streams.read(zoneId, asOf);
    if (!state.registered) throw new ZoneNotFoundError(zoneId);
    return state;
  }
}

// Code-point order, as the read model sorts (collate "C"), so both lists page alike.
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
