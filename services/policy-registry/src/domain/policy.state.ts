import type { CalendarDate } from '@zoneledger/shared-kernel';
import type { Measure } from './policy.commands';
import type {
  AutonomyGrant,
  PolicyEvent,
  PolicyIssued,
  PolicyKind,
  PolicyScope,
} from './policy.events';

/** One version of a policy's text: version 1 is the issued text, each amendment the next. */
export interface PolicyVersion {
  readonly version: number;
  /** From when this version applies (version 1: the policy's effective date, else its issue date). */
  readonly effectiveOn: CalendarDate;
  readonly titleZh: string;
  readonly titleEn?: string;
  readonly themes: readonly string[];
  readonly measures: readonly Measure[];
  readonly scope: PolicyScope;
  /** The last day it applies by its own terms. */
  readonly expiresOn?: CalendarDate;
  /** Amendments only: the amending document's date and why. */
  readonly amendedOn?: CalendarDate;
  readonly reason?: string;
}

/** How a policy's life ended, if it did: superseded by another, or repealed. */
export interface PolicyEnding {
  readonly effectiveOn: CalendarDate;
}

/** A policy whose stream has begun. */
export interface Policy {
  readonly issued: true;
  readonly policyId: string;
  readonly documentNumber: string;
  readonly issuer: string;
  readonly kind: PolicyKind;
  readonly issuedOn: CalendarDate;
  readonly publishedOn?: CalendarDate;
  readonly implementsPolicyId?: string;
  /** Every version, oldest first. */
  readonly versions: readonly PolicyVersion[];
  /** Per power, every zone an event of the stream granted it. */
  readonly grantedZones: Readonly<Record<string, readonly string[]>>;
  readonly superseded?: PolicyEnding & { readonly byPolicyId: string };
  readonly repealed?: PolicyEnding & { readonly reason: string };
}

/** A stream with no events yet. */
export interface UnissuedPolicy {
  readonly issued: false;
}

export type PolicyState = UnissuedPolicy | Policy;

/** The state of a stream before its first event. */
export const initialState = (): PolicyState => ({ issued: false });

/** The policy's newest version (which may not be in force yet). */
export function latestVersion(policy: Policy): PolicyVersion {
  return policy.versions[policy.versions.length - 1];
}

/** The state after `event`. */
export function evolve(state: PolicyState, event: PolicyEvent): PolicyState {
  if (!state.issued) return event.type === 'PolicyIssued' ? issuedPolicy(event.data) : state;
  switch (event.type) {
    case 'PolicyIssued':
      return state;
    case 'PolicyAmended': {
      const { version, effectiveOn, amendedOn, reason, measures, autonomyGrants } = event.data;
      const amended: PolicyVersion = {
        ...versionText(event.data),
        version,
        effectiveOn,
        measures: measuresOf(measures, autonomyGrants),
        amendedOn,
        reason,
      };
      return {
        ...state,
        versions: [...state.versions, amended],
        grantedZones: withGrants(state.grantedZones, autonomyGrants),
      };
    }
    case 'PolicyAutonomyExtended':
      return { ...state, grantedZones: withGrants(state.grantedZones, event.data.autonomyGrants) };
    case 'PolicySuperseded': {
      const { supersededByPolicyId: byPolicyId, effectiveOn } = event.data;
      return { ...state, superseded: { byPolicyId, effectiveOn } };
    }
    case 'PolicyRepealed': {
      const { effectiveOn, reason } = event.data;
      return { ...state, repealed: { effectiveOn, reason } };
    }
  }
}

function issuedPolicy(data: PolicyIssued['data']): Policy {
  const { policyId, documentNumber, issuer, kind, issuedOn, publishedOn, implementsPolicyId } =
    data;
  const first: PolicyVersion = {
    ...versionText(data),
    version: 1,
    effectiveOn: data.effectiveOn ?? issuedOn,
    measures: measuresOf(data.measures, data.autonomyGrants),
  };
  return {
    issued: true,
    policyId,
    documentNumber,
    issuer,
    kind,
    issuedOn,
    ...(publishedOn ? { publishedOn } : {}),
    ...(implementsPolicyId ? { implementsPolicyId } : {}),
    versions: [first],
    grantedZones: withGrants({}, data.autonomyGrants),
  };
}

// The text fields events and versions share, optional ones left out when absent.
function versionText(
  data: PolicyIssued['data'] | Extract<PolicyEvent, { type: 'PolicyAmended' }>['data'],
): Pick<PolicyVersion, 'titleZh' | 'titleEn' | 'themes' | 'scope' | 'expiresOn'> {
  const { titleZh, titleEn, themes, scope, expiresOn } = data;
  return {
    titleZh,
    ...(titleEn ? { titleEn } : {}),
    themes: [...themes],
    scope,
    ...(expiresOn ? { expiresOn } : {}),
  };
}

// Measures as sentences, each with the power its grant (by measure number) says it grants.
function measuresOf(texts: readonly string[], grants: readonly AutonomyGrant[]): Measure[] {
  return texts.map((text, index) => {
    const grant = grants.find((g) => g.measureNumber === index + 1);
    return grant ? { text, grantsPower: grant.power } : { text };
  });
}

function withGrants(
  granted: Readonly<Record<string, readonly string[]>>,
  grants: readonly AutonomyGrant[],
): Readonly<Record<string, readonly string[]>> {
  const next: Record<string, readonly string[]> = { ...granted };
  for (const { power, zoneIds } of grants)
    next[power] = [...new Set([...(next[power] ?? []), ...zoneIds])];
  return next;
}
