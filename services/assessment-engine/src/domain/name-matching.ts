import type { MatchedByJson, UnmatchedReasonJson } from '@zoneledger/contracts';

// Official rankings name zones, not ids: "广州经济技术开发区", "Huai'an Economic and Technological
// Development Zone". Matching a published row to the zone directory compares names in a normal
// form: Unicode NFKC (full-width letters, digits, brackets and the ideographic space become their
// half-width forms), no whitespace, the ETDZ suffix in one spelling (经济技术开发区 and 经开区 alike;
// "Economic and Technological Development Zone", "... & ...", and "ETDZ" alike), a leading 国家级 /
// "National" dropped, English in lower case without apostrophes, hyphens or other punctuation.
// A row matches by its Chinese name first, then by its English name; a name that fits two
// directory entries is ambiguous, and a row whose zone an earlier (better-ranked) row already
// took is left unmatched too. Unmatched rows are reported, never dropped.

/** A zone of the directory (the zone read model), by its names. */
export interface DirectoryEntry {
  readonly zoneId: string;
  readonly nameZh: string;
  readonly nameEn?: string;
}

/** A row of a published ranking, as published. */
export interface PublishedRow {
  readonly rank: number;
  readonly nameZh: string;
  readonly nameEn?: string;
}

/** Which name a row matched by (the proto's MatchedBy without its "unspecified" value). */
export type MatchedBy = Exclude<MatchedByJson, 'MATCHED_BY_UNSPECIFIED'>;

/** A row matched to a zone (a PublishedRank with no unmatchedReason). */
export interface MatchedRow extends PublishedRow {
  readonly zoneId: string;
  readonly matchedBy: MatchedBy;
}

/** Why a row matched no zone (the proto's UnmatchedReason without its "unspecified" value). */
export type UnmatchedReason = Exclude<UnmatchedReasonJson, 'UNMATCHED_REASON_UNSPECIFIED'>;

/** A row that matched no zone, kept as published (a PublishedRank with no zoneId or matchedBy). */
export interface UnmatchedRow extends PublishedRow {
  readonly unmatchedReason: UnmatchedReason;
}

/** The rows of a ranking, matched or not, each list in rank order. */
export interface RankingMatch {
  readonly matched: MatchedRow[];
  readonly unmatched: UnmatchedRow[];
}

const ETDZ_ZH = /(经济技术开发区|经开区)$/u;
const ETDZ_EN = /economic\s*(and|&)?\s*technological\s*development\s*zone$|\betdz$/u;

/** A Chinese zone name in the form names are compared in. */
export function normalisedNameZh(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/\s+/gu, '')
    .replace(/^国家级/u, '')
    .replace(ETDZ_ZH, '经开区');
}

/** An English zone name in the form names are compared in. */
export function normalisedNameEn(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/&/gu, ' and ')
    .replace(/['’‘`]/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/^national\s+/u, '')
    .replace(ETDZ_EN, 'etdz')
    .replace(/\s+/gu, '');
}

/** Matches each published row to the directory's zone of the same name (see above). */
export function matchPublishedRows(
  rows: readonly PublishedRow[],
  directory: readonly DirectoryEntry[],
): RankingMatch {
  const byZh = index(directory, (entry) => normalisedNameZh(entry.nameZh));
  const byEn = index(directory, (entry) => (entry.nameEn ? normalisedNameEn(entry.nameEn) : ''));
  const taken = new Set<string>();
  const matched: MatchedRow[] = [];
  const unmatched: UnmatchedRow[] = [];
  for (const row of [...rows].sort((a, b) => a.rank - b.rank)) {
    const published: PublishedRow = {
      rank: row.rank,
      nameZh: row.nameZh,
      ...(row.nameEn ? { nameEn: row.nameEn } : {}),
    };
    const zh = byZh.get(normalisedNameZh(row.nameZh)) ?? [];
    const en = row.nameEn ? (byEn.get(normalisedNameEn(row.nameEn)) ?? []) : [];
    const [candidates, matchedBy] =
      zh.length > 0 ? [zh, 'MATCHED_BY_NAME_ZH' as const] : [en, 'MATCHED_BY_NAME_EN' as const];
    if (candidates.length !== 1) {
      unmatched.push({
        ...published,
        unmatchedReason:
          candidates.length === 0 ? 'UNMATCHED_REASON_NO_MATCH' : 'UNMATCHED_REASON_AMBIGUOUS',
      });
      continue;
    }
    const zoneId = candidates[0];
    if (taken.has(zoneId)) {
      unmatched.push({ ...published, unmatchedReason: 'UNMATCHED_REASON_ZONE_ALREADY_MATCHED' });
      continue;
    }
    taken.add(zoneId);
    matched.push({ ...published, zoneId, matchedBy });
  }
  return { matched, unmatched };
}

// Zone ids by normalised name (several when names collide); empty names are not indexed.
function index(
  directory: readonly DirectoryEntry[],
  key: (entry: DirectoryEntry) => string,
): Map<string, string[]> {
  const ids = new Map<string, string[]>();
  for (const entry of directory) {
    const name = key(entry);
    if (!name) continue;
    const known = ids.get(name) ?? [];
    if (!known.includes(entry.zoneId)) known.push(entry.zoneId);
    ids.set(name, known);
  }
  return ids;
}
