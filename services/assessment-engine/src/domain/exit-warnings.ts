import type { Region } from '@zoneledger/shared-kernel';
import { InvalidOptionError } from './assessment.errors';

// The downgrade rule of MofCOM's 2021 edition: a zone in its region's (East, Central, West) bottom
// 5 twice within three years is a downgrade candidate; the State Council approves an exit. The
// engine warns: a zone in its region's bottom 5 in this round and in at least one of the two
// previous rounds.
//
// The previous rounds' bottom sets are given by zone id as they were then. Lineage across a
// merger is out of scope: a zone that absorbed a zone once in the bottom 5 does not inherit that
// standing (its own history counts, the absorbed zone's does not), and a region with 5 zones or
// fewer has them all in its bottom 5. The 2016 system's rule (bottom 5 nationally two years
// running) is not this function's.

/** How many of a region's last zones are its bottom. */
export const EXIT_WARNING_BOTTOM = 5;

/** A zone's place in its region in a round. */
export interface RegionalStanding {
  readonly zoneId: string;
  readonly region: Region;
  /** 1 is best in the region. */
  readonly regionalRank: number;
}

/** The zones in their region's bottom 5 in a previous round (by zone id as it was then). */
export interface PreviousBottom {
  readonly roundId: string;
  readonly zoneIds: readonly string[];
}

/** A zone that is a downgrade candidate. */
export interface ExitWarning {
  readonly zoneId: string;
  readonly region: Region;
  readonly regionalRank: number;
  /** Scored zones in its region this round. */
  readonly regionSize: number;
  /** The previous rounds (of the two given) in which it was in its region's bottom too. */
  readonly alsoInBottom: readonly string[];
}

/**
 * The zones of `standings` in their region's last `bottom` (regional rank above the region's
 * size less `bottom`), sorted by id. Region sizes are counted from the standings.
 */
export function regionalBottom(
  standings: readonly RegionalStanding[],
  bottom: number = EXIT_WARNING_BOTTOM,
): string[] {
  const sizes = regionSizesOf(standings);
  return standings
    .filter((s) => s.regionalRank > (sizes.get(s.region) ?? 0) - bottom)
    .map((s) => s.zoneId)
    .sort(byCodeUnits);
}

/**
 * The exit warnings of a round: every zone in its region's bottom this round and in at least one
 * of `previous`, the regional bottom sets of the (at most) two rounds before it. Sorted by zone id.
 */
export function exitWarnings(
  standings: readonly RegionalStanding[],
  previous: readonly PreviousBottom[],
  bottom: number = EXIT_WARNING_BOTTOM,
): ExitWarning[] {
  if (previous.length > 2)
    throw new InvalidOptionError('previous', previous.length, 'at most the two previous rounds');
  const sizes = regionSizesOf(standings);
  const inBottom = new Set(regionalBottom(standings, bottom));
  const warnings: ExitWarning[] = [];
  for (const standing of [...standings].sort((a, b) => byCodeUnits(a.zoneId, b.zoneId))) {
    if (!inBottom.has(standing.zoneId)) continue;
    const alsoInBottom = previous
      .filter((round) => round.zoneIds.includes(standing.zoneId))
      .map((round) => round.roundId);
    if (alsoInBottom.length === 0) continue;
    warnings.push({
      zoneId: standing.zoneId,
      region: standing.region,
      regionalRank: standing.regionalRank,
      regionSize: sizes.get(standing.region) ?? 0,
      alsoInBottom,
    });
  }
  return warnings;
}

function regionSizesOf(standings: readonly RegionalStanding[]): Map<Region, number> {
  const sizes = new Map<Region, number>();
  for (const { region } of standings) sizes.set(region, (sizes.get(region) ?? 0) + 1);
  return sizes;
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
