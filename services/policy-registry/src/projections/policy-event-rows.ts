import { eventContract } from '@zoneledger/contracts';
import type { ConsumedEvent } from '@zoneledger/messaging';
import {
  firstDayOf,
  lastDayOf,
  officialProvince,
  type CalendarDate,
} from '@zoneledger/shared-kernel';
import type { PolicyScope } from '../domain/policy.events';

// What the policy timeline records of each policy event, read from its proto JSON (which leaves
// out empty lists and strings). Recorded time is the CloudEvent's time: when the event store took
// the event, the moment the register came to know it.

/** One version of a policy's text, with its valid time (SQL dates) and recorded time. */
export interface PolicyVersionRow {
  readonly policy_id: string;
  readonly version: number;
  readonly effective_on: CalendarDate;
  readonly effective_from: string;
  readonly expires_on: CalendarDate | null;
  readonly expires_through: string | null;
  readonly title_zh: string;
  readonly title_en: string | null;
  readonly themes: string[];
  readonly measures: string[];
  readonly scope: PolicyScope;
  readonly amended_on: CalendarDate | null;
  readonly reason: string | null;
  readonly recorded_at: string;
}

/** What a policy is, whatever its version: set by its issuance. */
export interface PolicyIssuanceRow {
  readonly policy_id: string;
  readonly document_number: string;
  readonly issuer: string;
  readonly kind: string;
  readonly issued_on: CalendarDate;
  readonly issued_from: string;
  readonly implements_policy_id: string | null;
}

/** A supersession or a repeal, from its effective date, as recorded then. */
export interface PolicyEndingRow {
  readonly policy_id: string;
  readonly kind: 'superseded' | 'repealed';
  readonly effective_on: CalendarDate;
  readonly effective_from: string;
  readonly by_policy_id: string | null;
  readonly reason: string | null;
  readonly recorded_at: string;
}

/** What one event adds to the timeline (nothing for grants extended to zones). */
export type PolicyTimelineChange =
  | {
      readonly kind: 'issued';
      readonly issuance: PolicyIssuanceRow;
      readonly version: PolicyVersionRow;
    }
  | { readonly kind: 'amended'; readonly version: PolicyVersionRow }
  | { readonly kind: 'ended'; readonly ending: PolicyEndingRow }
  | { readonly kind: 'none' };

type Json = Record<string, unknown>;

/** The timeline's change for a consumed policy event. */
export function policyTimelineChange(event: ConsumedEvent): PolicyTimelineChange {
  const data = event.data as Json;
  const recordedAt = event.cloudEvent.time.toISOString();
  switch (eventContract(event.cloudEvent.type).domainType) {
    case 'PolicyIssued': {
      const issuedOn = data.issuedOn as CalendarDate;
      return {
        kind: 'issued',
        issuance: {
          policy_id: text(data.policyId),
          document_number: text(data.documentNumber),
          issuer: text(data.issuer),
          kind: text(data.kind),
          issued_on: issuedOn,
          issued_from: firstDayOf(issuedOn),
          implements_policy_id: optionalText(data.implementsPolicyId),
        },
        version: versionRow(data, 1, (data.effectiveOn as CalendarDate) ?? issuedOn, recordedAt),
      };
    }
    case 'PolicyAmended':
      return {
        kind: 'amended',
        version: versionRow(
          data,
          Number(data.version),
          data.effectiveOn as CalendarDate,
          recordedAt,
        ),
      };
    case 'PolicySuperseded':
    case 'PolicyRepealed': {
      const effectiveOn = data.effectiveOn as CalendarDate;
      return {
        kind: 'ended',
        ending: {
          policy_id: text(data.policyId),
          kind: data.supersededByPolicyId === undefined ? 'repealed' : 'superseded',
          effective_on: effectiveOn,
          effective_from: firstDayOf(effectiveOn),
          by_policy_id: optionalText(data.supersededByPolicyId),
          reason: optionalText(data.reason),
          recorded_at: recordedAt,
        },
      };
    }
    default:
      return { kind: 'none' };
  }
}

function versionRow(
  data: Json,
  version: number,
  effectiveOn: CalendarDate,
  recordedAt: string,
): PolicyVersionRow {
  const expiresOn = (data.expiresOn as CalendarDate | undefined) ?? null;
  return {
    policy_id: text(data.policyId),
    version,
    effective_on: effectiveOn,
    effective_from: firstDayOf(effectiveOn),
    expires_on: expiresOn,
    expires_through: expiresOn ? lastDayOf(expiresOn) : null,
    title_zh: text(data.titleZh),
    title_en: optionalText(data.titleEn),
    themes: list(data.themes),
    measures: list(data.measures),
    scope: scopeOf((data.scope ?? {}) as Json),
    amended_on: (data.amendedOn as CalendarDate | undefined) ?? null,
    reason: optionalText(data.reason),
    recorded_at: recordedAt,
  };
}

// Provinces as their official names, so a zone's province compares with one equality.
function scopeOf(scope: Json): PolicyScope {
  return {
    zoneKinds: list(scope.zoneKinds) as PolicyScope['zoneKinds'],
    zoneLevels: list(scope.zoneLevels) as PolicyScope['zoneLevels'],
    provinces: list(scope.provinces).map(officialProvince),
    regions: list(scope.regions) as PolicyScope['regions'],
    zoneIds: list(scope.zoneIds),
  };
}

function list(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function optionalText(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** A version's key in the timeline: its policy and number. */
export function versionKey(row: Pick<PolicyVersionRow, 'policy_id' | 'version'>): string {
  return `${row.policy_id}/${row.version}`;
}

/** What a run of changes does to the policies' summaries (policy_summary). */
export interface SummaryChanges {
  /** Summaries the run creates, in order: from an issuance, at version 0 with its text. */
  readonly created: readonly { issuance: PolicyIssuanceRow; version: PolicyVersionRow }[];
  /** Each summary's newest version the run records, where it is newer than the summary's. */
  readonly latest: ReadonlyMap<string, PolicyVersionRow>;
}

/**
 * The summaries' changes when `changes` are applied in order, as one at a time: an issuance
 * creates its policy's summary unless one is held; a version the run recorded (`added`: not held
 * before, and not recorded earlier in the run) becomes its policy's newest text if the summary is
 * held by then and at an older version. `held`: the latest version of each summary held before.
 */
export function summaryChanges(
  changes: readonly PolicyTimelineChange[],
  held: ReadonlyMap<string, number>,
  added: ReadonlySet<string>,
): SummaryChanges {
  const versions = new Map(held);
  const created: { issuance: PolicyIssuanceRow; version: PolicyVersionRow }[] = [];
  const latest = new Map<string, PolicyVersionRow>();
  const recorded = new Set<string>();
  for (const change of changes) {
    if (change.kind === 'issued' && !versions.has(change.issuance.policy_id)) {
      versions.set(change.issuance.policy_id, 0);
      created.push({ issuance: change.issuance, version: change.version });
    }
    if (change.kind !== 'issued' && change.kind !== 'amended') continue;
    const { version } = change;
    const key = versionKey(version);
    if (!added.has(key) || recorded.has(key)) continue;
    recorded.add(key);
    const current = versions.get(version.policy_id);
    if (current === undefined || current >= version.version) continue;
    versions.set(version.policy_id, version.version);
    latest.set(version.policy_id, version);
  }
  return { created, latest };
}
