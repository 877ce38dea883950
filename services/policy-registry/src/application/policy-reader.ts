import { Injectable } from '@nestjs/common';
import { streamHistory, type StreamHistoryEntry } from '@zoneledger/platform';
import { chinaDateAt, type CalendarDate } from '@zoneledger/shared-kernel';
import { PolicyNotFoundError } from '../domain/policy.errors';
import type { PolicyEvent } from '../domain/policy.events';
import { policyInForce, policyVersionId, type PolicyStanding } from '../domain/policy-in-force';
import type { Policy, PolicyVersion } from '../domain/policy.state';
import { PolicyStreams } from './policy-streams';

/** A version of a policy as reads show it, with its stable identifier (policy id + version). */
export type PolicyVersionView = PolicyVersion & { readonly versionId: string };

/** A policy folded from its stream: every version, and where it stands on the day asked. */
export interface PolicyView {
  readonly policyId: string;
  /** The stream's version (the ETag): If-Match of the next change. */
  readonly version: number;
  readonly documentNumber: string;
  readonly issuer: string;
  readonly kind: Policy['kind'];
  readonly issuedOn: CalendarDate;
  readonly publishedOn?: CalendarDate;
  readonly implementsPolicyId?: string;
  /** The day the standing is for: `inForceOn`, else today in China. */
  readonly standingOn: CalendarDate;
  readonly standing: PolicyStanding['standing'];
  /** The version that applies on standingOn (in force, or expired); absent otherwise. */
  readonly versionInForce?: PolicyVersionView;
  readonly versions: readonly PolicyVersionView[];
  /** Per power, the zones the policy's events granted it. */
  readonly grantedZones: Readonly<Record<string, readonly string[]>>;
  readonly superseded?: Policy['superseded'];
  readonly repealed?: Policy['repealed'];
}

/** One event of a policy's stream, as its history shows it. */
export type PolicyHistoryEntry = StreamHistoryEntry<PolicyEvent>;

/**
 * A policy's detail and history, read from its stream (never stale, unlike read models):
 * `asOf` reads it as the registry knew it then (recorded time), `inForceOn` picks the version in
 * force on that day (valid time).
 */
@Injectable()
export class PolicyReader {
  constructor(private readonly streams: PolicyStreams) {}

  /** The policy as it stands (or stood asOf), its standing on `inForceOn` (default today). */
  async detail(policyId: string, asOf?: Date, inForceOn?: CalendarDate): Promise<PolicyView> {
    const { state, version } = await this.streams.read(policyId, asOf);
    if (!state.issued) throw new PolicyNotFoundError(policyId);
    const standingOn = inForceOn ?? chinaDateAt(new Date());
    const standing = policyInForce(state, { inForceOn: standingOn });
    const withId = (text: PolicyVersion) => ({
      ...text,
      versionId: policyVersionId(policyId, text.version),
    });
    const applying =
      standing.standing === 'in_force' || standing.standing === 'expired'
        ? standing.version
        : undefined;
    return {
      policyId,
      version,
      documentNumber: state.documentNumber,
      issuer: state.issuer,
      kind: state.kind,
      issuedOn: state.issuedOn,
      ...(state.publishedOn ? { publishedOn: state.publishedOn } : {}),
      ...(state.implementsPolicyId ? { implementsPolicyId: state.implementsPolicyId } : {}),
      standingOn,
      standing: standing.standing,
      ...(applying ? { versionInForce: withId(applying) } : {}),
      versions: state.versions.map(withId),
      grantedZones: state.grantedZones,
      ...(state.superseded ? { superseded: state.superseded } : {}),
      ...(state.repealed ? { repealed: state.repealed } : {}),
    };
  }

  /** The policy's events in the order they were recorded (up to asOf). */
  async history(policyId: string, asOf?: Date): Promise<PolicyHistoryEntry[]> {
    const { state, events } = await this.streams.read(policyId, asOf);
    if (!state.issued) throw new PolicyNotFoundError(policyId);
    return streamHistory(events);
  }
}
