import { canonicalDate, isValidCalendarDate } from '@zoneledger/shared-kernel';
import {
  DuplicateRankError,
  FieldRequiredError,
  InvalidDateError,
  InvalidOptionError,
  InvalidRankError,
} from './assessment.errors';
import { matchPublishedRows, type PublishedRow } from './name-matching';
import type { ImportPublishedRanking } from './round.commands';
import type { PublishedRankingImported } from './round.events';
import { openedRound, sameJson } from './round.rules';
import type { RoundState } from './round.state';

// MofCOM's published ranks are facts about a round, imported as published: they are kept apart
// from the round's computed results (which come from synthetic or submitted values), and may be
// imported whether or not the round was scored or published.

/**
 * Imports a published ranking of the round: rows with positive integer ranks, none twice, each
 * with its Chinese name, matched to the directory's zones by name (name-matching.ts). Rows that
 * match no zone are recorded as unmatched, not dropped. An unknown count of zones assessed is 0 and
 * no source is '', as in the proto. The same ranking again records nothing;
 * a different one replaces it.
 */
export function importPublishedRanking(
  { data: command }: ImportPublishedRanking,
  state: RoundState,
): PublishedRankingImported[] {
  const round = openedRound(state, command.roundId);
  if (command.rows.length === 0) throw new FieldRequiredError('rows');
  const ranks = new Set<number>();
  const rows = command.rows.map((row): PublishedRow => {
    if (!Number.isInteger(row.rank) || row.rank < 1) throw new InvalidRankError(row.rank);
    if (ranks.has(row.rank)) throw new DuplicateRankError(row.rank);
    ranks.add(row.rank);
    const nameZh = (row.nameZh ?? '').trim();
    if (!nameZh) throw new FieldRequiredError(`nameZh of rank ${row.rank}`);
    const nameEn = (row.nameEn ?? '').trim();
    return { rank: row.rank, nameZh, ...(nameEn ? { nameEn } : {}) };
  });
  const { zonesAssessed, publishedOn } = command;
  if (zonesAssessed !== undefined && (!Number.isInteger(zonesAssessed) || zonesAssessed < 1))
    throw new InvalidOptionError('zonesAssessed', zonesAssessed, 'a positive integer');
  if (publishedOn && !isValidCalendarDate(canonicalDate(publishedOn)))
    throw new InvalidDateError('publishedOn');
  const source = (command.source ?? '').trim();
  const { matched, unmatched } = matchPublishedRows(rows, command.directory);
  const data: PublishedRankingImported['data'] = {
    roundId: round.roundId,
    ...(publishedOn ? { publishedOn: canonicalDate(publishedOn) } : {}),
    zonesAssessed: zonesAssessed ?? 0,
    source,
    matched,
    unmatched,
  };
  if (sameJson(round.publishedRanking, data)) return [];
  return [{ type: 'PublishedRankingImported', data }];
}
