import type { Page, PageOf } from '@zoneledger/platform';
import type { ZoneStatus, Zone } from '../domain/zone.state';

/** A zone as reads return it: its state and the stream version it was read at (the ETag). */
export type ZoneView = Omit<Zone, 'registered'> & { readonly version: number };

/** The zone's state as a view at `version`. */
export function zoneView({ registered: _registered, ...zone }: Zone, version: number): ZoneView {
  return { ...zone, version };
}

/** What a zone list can be narrowed by; every given criterion must hold. */
export interface ZoneFilter {
  /** Official name; a short name is resolved to it by the caller. */
  readonly province?: string;
  readonly region?: Zone['region'];
  readonly kind?: Zone['kind'];
  readonly level?: Zone['level'];
  readonly status?: ZoneStatus['kind'];
  /** One of the zone's leading industries, exactly. */
  readonly industry?: string;
  /** Part of the Chinese or the English name (the English one without regard to case). */
  readonly text?: string;
}

/** One page of zones and how many match in all. */
export type ZonePage = PageOf<ZoneView>;

/** True when the zone meets every criterion of the filter. */
export function matchesFilter(zone: Zone, filter: ZoneFilter): boolean {
  const text = filter.text?.toLowerCase();
  return (
    (filter.province === undefined || zone.province === filter.province) &&
    (filter.region === undefined || zone.region === filter.region) &&
    (filter.kind === undefined || zone.kind === filter.kind) &&
    (filter.level === undefined || zone.level === filter.level) &&
    (filter.status === undefined || zone.status.kind === filter.status) &&
    (filter.industry === undefined || zone.industryFocus.includes(filter.industry)) &&
    (text === undefined ||
      zone.nameZh.toLowerCase().includes(text) ||
      zone.nameEn.toLowerCase().includes(text))
  );
}

/**
 * Where the register's zones are listed: the zone_view read model, which lags the event store a
 * little (names are checked elsewhere: see ZoneNames).
 */
export interface ZoneCatalog {
  /** The current zones matching the filter, ordered by Chinese name, one page of them. */
  search(filter: ZoneFilter, page: Page): Promise<ZonePage>;
  /** The id of every zone the view knows, whatever its status. */
  zoneIds(): Promise<string[]>;
}

/** Injection token of the ZoneCatalog. */
export const ZONE_CATALOG = Symbol('ZONE_CATALOG');
