import type { Region } from '@zoneledger/shared-kernel';

// Ranks from totals. A higher total ranks better; equal totals (the same double) are told apart by
// zone id, the earlier id (code unit order) ranking better, so ranks are always a permutation of
// 1..n, nationally and within each region. The zones are indexed in zoneId order, so the tie-break
// is the index.

/** National and regional ranks, by zone index; 0 for a zone left unscored. */
export interface Ranks {
  readonly national: Int32Array;
  readonly regional: Int32Array;
  /** Scored zones per region. */
  readonly regionSizes: ReadonlyMap<Region, number>;
  /** Zone indices, best first. */
  readonly order: Int32Array;
}

/**
 * Ranks the zones with `scored[z]` non-zero by `totals` (higher is better, ties by index).
 * `regions[z]` is zone z's region.
 */
export function rankZones(
  totals: Float64Array,
  scored: Uint8Array,
  regions: readonly Region[],
): Ranks {
  const n = totals.length;
  let count = 0;
  for (let z = 0; z < n; z++) if (scored[z]) count++;
  const order = new Int32Array(count);
  count = 0;
  for (let z = 0; z < n; z++) if (scored[z]) order[count++] = z;
  order.sort((a, b) => (totals[a] === totals[b] ? a - b : totals[a] > totals[b] ? -1 : 1));
  const national = new Int32Array(n);
  const regional = new Int32Array(n);
  const regionSizes = new Map<Region, number>();
  for (let position = 0; position < order.length; position++) {
    const z = order[position];
    const inRegion = (regionSizes.get(regions[z]) ?? 0) + 1;
    regionSizes.set(regions[z], inRegion);
    national[z] = position + 1;
    regional[z] = inRegion;
  }
  return { national, regional, regionSizes, order };
}
