import { earliest, type CalendarDate } from '@zoneledger/shared-kernel';
import type { Region, ZoneEvent, ZoneKind, ZoneLevel, ZonesMerged } from './zone.events';

/** Where the zone stands: in the register (active, or downgraded but still there) or out of it. */
export type ZoneStatus =
  | { readonly kind: 'active' }
  | { readonly kind: 'downgraded'; readonly since: CalendarDate }
  | {
      readonly kind: 'merged';
      readonly into: string;
      readonly mergerId: string;
      readonly since: CalendarDate;
    }
  | { readonly kind: 'exited'; readonly since: CalendarDate };

/** A reform power the zone holds, and the policy that granted it. */
export interface AutonomyGrant {
  readonly power: string;
  readonly policyId: string;
  readonly effectiveOn: CalendarDate;
}

/** The zone's part in mergers: whom it absorbed, whom it was absorbed by, and which mergers. */
export interface ZoneLineage {
  readonly absorbedZoneIds: readonly string[];
  readonly mergedInto?: string;
  readonly mergerIds: readonly string[];
}

/** A zone whose stream has begun (by ZoneRegistered, or by the ZonesMerged that created it). */
export interface Zone {
  readonly registered: true;
  readonly zoneId: string;
  readonly nameZh: string;
  readonly nameEn: string;
  readonly kind: ZoneKind;
  readonly level: ZoneLevel;
  readonly province: string;
  readonly city: string;
  readonly region: Region;
  /** Approval dates by level, as far as known (a zone upgraded once has two). */
  readonly approvals: Readonly<Partial<Record<ZoneLevel, CalendarDate>>>;
  readonly industryFocus: readonly string[];
  readonly autonomy: readonly AutonomyGrant[];
  readonly status: ZoneStatus;
  readonly lineage: ZoneLineage;
}

/** A stream with no events yet. */
export interface UnregisteredZone {
  readonly registered: false;
}

export type ZoneState = UnregisteredZone | Zone;

/** The state of a stream before its first event. */
export const initialState = (): ZoneState => ({ registered: false });

/** The approval date at the zone's current level, when known. */
export function approvedOn(zone: Zone): CalendarDate | undefined {
  return zone.approvals[zone.level];
}

/** The zone's first known approval, at any level: nothing about it can be dated earlier. */
export function firstApprovedOn(zone: Zone): CalendarDate | undefined {
  return earliest(Object.values(zone.approvals));
}

/** Active or downgraded: the zone is in the register and accepts changes, not only corrections. */
export function isInRegister(zone: Zone): boolean {
  return zone.status.kind === 'active' || zone.status.kind === 'downgraded';
}

/** The state after `event`; an event that does not concern the stream's zone changes nothing. */
export function evolve(state: ZoneState, event: ZoneEvent): ZoneState {
  if (event.type === 'ZonesMerged') return evolveMerger(state, event.data);
  if (!state.registered) {
    if (event.type !== 'ZoneRegistered') return state;
    const { approvedOn: approved, industryFocus, ...data } = event.data;
    return {
      ...data,
      registered: true,
      approvals: approved ? { [data.level]: approved } : {},
      industryFocus: [...industryFocus],
      autonomy: [],
      status: { kind: 'active' },
      lineage: { absorbedZoneIds: [], mergerIds: [] },
    };
  }
  switch (event.type) {
    case 'ZoneRegistered':
      return state;
    case 'ZoneProfileUpdated': {
      const { province, city, region, approvedOn: approved } = event.data;
      const { [state.level]: _replaced, ...otherApprovals } = state.approvals;
      const approvals = approved ? { ...otherApprovals, [state.level]: approved } : otherApprovals;
      return { ...state, province, city, region, approvals };
    }
    case 'ZoneRenamed':
      return { ...state, nameZh: event.data.nameZh, nameEn: event.data.nameEn };
    case 'ZoneIndustryFocusSet':
      return { ...state, industryFocus: [...event.data.industryFocus] };
    case 'ZoneUpgraded': {
      const { level, kind, effectiveOn } = event.data;
      const approvals = { ...state.approvals, [level]: effectiveOn };
      return { ...state, level, kind, approvals, status: { kind: 'active' } };
    }
    case 'ZoneDowngraded': {
      const { level, effectiveOn } = event.data;
      return { ...state, level, status: { kind: 'downgraded', since: effectiveOn } };
    }
    case 'ZoneExited':
      return { ...state, status: { kind: 'exited', since: event.data.effectiveOn } };
    case 'ZoneAutonomyGranted': {
      const { power, policyId, effectiveOn } = event.data;
      return { ...state, autonomy: [...state.autonomy, { power, policyId, effectiveOn }] };
    }
  }
}

// One ZonesMerged, three readings: it starts the new zone's stream, extends the survivor's
// lineage, or ends an absorbed zone's life in the register.
function evolveMerger(state: ZoneState, merger: ZonesMerged['data']): ZoneState {
  const { mergerId, survivingZoneId, absorbedZoneIds, newZone, effectiveOn } = merger;
  if (!state.registered) {
    if (!newZone) return state;
    const { industryFocus, ...registration } = newZone;
    return {
      ...registration,
      registered: true,
      approvals: { [newZone.level]: effectiveOn },
      industryFocus: [...industryFocus],
      autonomy: [],
      status: { kind: 'active' },
      lineage: { absorbedZoneIds: [...absorbedZoneIds], mergerIds: [mergerId] },
    };
  }
  if (state.lineage.mergerIds.includes(mergerId)) return state;
  const mergerIds = [...state.lineage.mergerIds, mergerId];
  if (state.zoneId === survivingZoneId) {
    const absorbed = [...state.lineage.absorbedZoneIds, ...absorbedZoneIds];
    return { ...state, lineage: { ...state.lineage, absorbedZoneIds: absorbed, mergerIds } };
  }
  if (absorbedZoneIds.includes(state.zoneId)) {
    return {
      ...state,
      status: { kind: 'merged', into: survivingZoneId, mergerId, since: effectiveOn },
      lineage: { ...state.lineage, mergedInto: survivingZoneId, mergerIds },
    };
  }
  return state;
}
