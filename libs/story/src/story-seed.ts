import { parse } from 'csv-parse/sync';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

// The story's data, as files a person reads and corrects: each service's seed folder.

/** A calendar date as documents state it: a year, maybe a month, maybe a day. */
export interface CalendarDate {
  readonly year: number;
  readonly month?: number;
  readonly day?: number;
}

/** A zone named as the register names it: its Chinese name is unique at its level. */
export interface ZoneRef {
  readonly nameZh: string;
  readonly level?: 'ZONE_LEVEL_NATIONAL' | 'ZONE_LEVEL_PROVINCIAL';
}

/** Industries a zone leads with (services/zone-registry/seed/industry-focus.json). */
export interface IndustryFocusEntry extends ZoneRef {
  readonly industryFocus: readonly string[];
  readonly note?: string;
}

export const MERGER_KINDS = [
  'MERGER_KIND_ETDZ_HIGH_TECH_INTEGRATION',
  'MERGER_KIND_ZONE_DISTRICT_INTEGRATION',
  'MERGER_KIND_OTHER',
] as const;

/** An integration recorded as a merger (services/zone-registry/seed/integrations.json). */
export interface Integration {
  readonly mergerId: string;
  readonly survivor: ZoneRef;
  readonly absorbed: readonly ZoneRef[];
  readonly kind: (typeof MERGER_KINDS)[number];
  readonly effectiveOn: CalendarDate;
  readonly basisPolicyId?: string;
  readonly uncertain: boolean;
  readonly note: string;
  readonly source: string;
}

/** An integration the sources name without what a merger needs: kept as a note, not recorded. */
export interface UnrecordedIntegration {
  readonly place: string;
  readonly note: string;
}

/** A zone's exit from the national list (services/zone-registry/seed/exits.json). */
export interface ZoneExit extends ZoneRef {
  readonly effectiveOn: CalendarDate;
  readonly basisPolicyId: string;
  readonly reason: string;
  readonly source: string;
}

/** The analyst's subscription (services/notifier/seed/analyst-subscription.json). */
export interface AnalystSubscription {
  /** The analyst's token subject: the subscription's owner. */
  readonly owner: string;
  readonly filter: Readonly<Record<string, unknown>>;
}

/** A round as rounds.json opens it. */
export interface RoundOpening {
  readonly roundId: string;
  readonly methodologyId: string;
  readonly methodologyVersion: number;
  readonly referenceDate: CalendarDate;
  readonly synthetic: boolean;
}

/** The round scored on generated values: their generator's seed, the ranks that shape them. */
export interface ComputedRound extends RoundOpening {
  readonly seed: number;
  /** The published round whose ranks make a zone's generated values stronger. */
  readonly strengthFromRound?: string;
}

/** MofCOM's published ranks of one round, as the engine imports them. */
export interface PublishedRanking {
  readonly publishedOn: CalendarDate;
  readonly zonesAssessed: number;
  readonly source: string;
  readonly rows: { rank: number; nameZh: string; nameEn: string }[];
}

/** A methodology file: the engine validates it; the story reads its indicators. */
export interface MethodologyFile {
  readonly methodologyId: string;
  readonly version: number;
  readonly dimensions: readonly {
    readonly indicators: readonly {
      readonly key: string;
      readonly direction: string;
      readonly unit: string;
      readonly allowsNegative?: boolean;
    }[];
  }[];
}

/** Everything the story loads, read from the seed folders. */
export interface StorySeed {
  readonly nationalZonesCsv: string;
  readonly otherZonesCsv: string;
  readonly industryFocus: readonly IndustryFocusEntry[];
  readonly subscription: AnalystSubscription;
  readonly policiesJson: string;
  readonly policyCount: number;
  readonly integrations: readonly Integration[];
  readonly unrecordedIntegrations: readonly UnrecordedIntegration[];
  readonly exits: readonly ZoneExit[];
  readonly methodologies: readonly MethodologyFile[];
  readonly publishedRounds: readonly RoundOpening[];
  readonly computedRound: ComputedRound;
  readonly publishedRankings: ReadonlyMap<string, PublishedRanking>;
}

/** The seed files, relative to the repository's root. */
export const SEED_FILES = {
  nationalZones: 'services/zone-registry/seed/etdz-national.csv',
  otherZones: 'services/zone-registry/seed/other-zones.csv',
  industryFocus: 'services/zone-registry/seed/industry-focus.json',
  integrations: 'services/zone-registry/seed/integrations.json',
  exits: 'services/zone-registry/seed/exits.json',
  subscription: 'services/notifier/seed/analyst-subscription.json',
  policies: 'services/policy-registry/seed/policies.json',
  methodologies: 'services/assessment-engine/seed/methodologies',
  rounds: 'services/assessment-engine/seed/rounds.json',
  publishedRankings: 'services/assessment-engine/seed/published-rankings.csv',
} as const;

/** The repository's root: the first folder above `from` holding nx.json and services/. */
export function repositoryRoot(from: string = __dirname): string {
  let folder = from;
  while (!(existsSync(join(folder, 'nx.json')) && existsSync(join(folder, 'services')))) {
    const parent = dirname(folder);
    if (parent === folder) throw new Error(`no ZoneLedger repository above ${from}`);
    folder = parent;
  }
  return folder;
}

/** Reads and checks every seed file under `root`; a file that does not fit names itself. */
export function readStorySeed(root: string): StorySeed {
  const text = (file: string) => readFileSync(join(root, file), 'utf8');
  const json = (file: string): unknown => {
    try {
      return JSON.parse(text(file));
    } catch (error) {
      throw new Error(`${file}: ${(error as Error).message}`);
    }
  };
  const rounds = json(SEED_FILES.rounds) as {
    published: RoundOpening[];
    computed: ComputedRound;
  };
  const policies = json(SEED_FILES.policies) as { policies?: unknown[] };
  const integrations = integrationsOf(json(SEED_FILES.integrations), SEED_FILES.integrations);
  return {
    nationalZonesCsv: text(SEED_FILES.nationalZones),
    otherZonesCsv: text(SEED_FILES.otherZones),
    industryFocus: industryFocusOf(json(SEED_FILES.industryFocus), SEED_FILES.industryFocus),
    subscription: subscriptionOf(json(SEED_FILES.subscription), SEED_FILES.subscription),
    policiesJson: text(SEED_FILES.policies),
    policyCount: policies.policies?.length ?? 0,
    integrations: integrations.recorded,
    unrecordedIntegrations: integrations.unrecorded,
    exits: exitsOf(json(SEED_FILES.exits), SEED_FILES.exits),
    methodologies: readdirSync(join(root, SEED_FILES.methodologies))
      .filter((file) => file.endsWith('.json'))
      .sort()
      .map((file) => json(`${SEED_FILES.methodologies}/${file}`) as MethodologyFile),
    publishedRounds: rounds.published,
    computedRound: rounds.computed,
    publishedRankings: publishedRankingsOf(text(SEED_FILES.publishedRankings)),
  };
}

/** The published rows of every round, by round (published-rankings.csv). */
export function publishedRankingsOf(csv: string): Map<string, PublishedRanking> {
  const rows: Record<string, string>[] = parse(csv, {
    columns: true,
    skip_empty_lines: true,
    trim: true,
  });
  const byRound = new Map<string, PublishedRanking>();
  for (const row of rows) {
    const [year, month, day] = row.published.split('-').map(Number);
    const round = byRound.get(row.round) ?? {
      publishedOn: { year, month, day },
      zonesAssessed: Number(row.zones_assessed),
      source: `MofCOM results as reported in the press (${SEED_FILES.publishedRankings})`,
      rows: [],
    };
    round.rows.push({ rank: Number(row.rank), nameZh: row.zone_name_zh, nameEn: row.zone_name_en });
    byRound.set(row.round, round);
  }
  return byRound;
}

/** The integrations file: mergers to record, and integrations kept as notes only. */
export function integrationsOf(
  data: unknown,
  file = 'integrations.json',
): { recorded: Integration[]; unrecorded: UnrecordedIntegration[] } {
  const { integrations, notRecorded = [] } = data as {
    integrations?: Integration[];
    notRecorded?: UnrecordedIntegration[];
  };
  if (!Array.isArray(integrations)) throw new Error(`${file}: "integrations" must be a list`);
  integrations.forEach((integration, index) => {
    const at = `${file}: integrations[${index}]`;
    if (!/^[a-z0-9-]+$/.test(integration.mergerId ?? ''))
      throw new Error(`${at}: mergerId must be lower-case letters, digits and -`);
    if (!integration.survivor?.nameZh) throw new Error(`${at}: survivor.nameZh is required`);
    if (!Array.isArray(integration.absorbed) || integration.absorbed.length === 0)
      throw new Error(`${at}: absorbed must name at least one zone`);
    if (!MERGER_KINDS.includes(integration.kind))
      throw new Error(`${at}: kind must be one of ${MERGER_KINDS.join(', ')}`);
    checkDate(integration.effectiveOn, `${at}: effectiveOn`);
    if (typeof integration.uncertain !== 'boolean')
      throw new Error(`${at}: uncertain must say true or false`);
    if (!integration.source) throw new Error(`${at}: a source is required`);
  });
  return { recorded: integrations, unrecorded: notRecorded };
}

/** The exits file. */
export function exitsOf(data: unknown, file = 'exits.json'): ZoneExit[] {
  const { exits } = data as { exits?: ZoneExit[] };
  if (!Array.isArray(exits)) throw new Error(`${file}: "exits" must be a list`);
  exits.forEach((exit, index) => {
    const at = `${file}: exits[${index}]`;
    if (!exit.nameZh) throw new Error(`${at}: nameZh is required`);
    checkDate(exit.effectiveOn, `${at}: effectiveOn`);
    if (!exit.basisPolicyId || !exit.reason)
      throw new Error(`${at}: basisPolicyId and reason are required`);
  });
  return exits;
}

/** The industry focus file. */
export function industryFocusOf(data: unknown, file = 'industry-focus.json'): IndustryFocusEntry[] {
  const { zones } = data as { zones?: IndustryFocusEntry[] };
  if (!Array.isArray(zones)) throw new Error(`${file}: "zones" must be a list`);
  zones.forEach((zone, index) => {
    if (!zone.nameZh || !Array.isArray(zone.industryFocus) || zone.industryFocus.length === 0)
      throw new Error(`${file}: zones[${index}] needs nameZh and a non-empty industryFocus`);
  });
  return zones;
}

/** The analyst's subscription file. */
export function subscriptionOf(
  data: unknown,
  file = 'analyst-subscription.json',
): AnalystSubscription {
  const { owner, filter } = data as Partial<AnalystSubscription>;
  if (!owner || typeof filter !== 'object' || filter === null)
    throw new Error(`${file}: owner and filter are required`);
  return { owner, filter };
}

function checkDate(date: CalendarDate | undefined, at: string): void {
  if (!date || !Number.isInteger(date.year))
    throw new Error(`${at} must be a date {year, month?, day?}`);
}
