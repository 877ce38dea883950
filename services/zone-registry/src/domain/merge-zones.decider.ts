import type { MergeZones, NewZoneRegistration } from './zone.commands';
import {
  DuplicateZoneInMergerError,
  MergeIntoSelfError,
  MergerTargetNotActiveError,
  MergerTooSmallError,
  ZoneAlreadyRegisteredError,
} from './zone.errors';
import type { MergedNewZone, ZoneEvent, ZonesMerged } from './zone.events';
import {
  assertNamesFree,
  industryList,
  provinceOf,
  recordableDate,
  registeredZone,
  tidy,
  zoneInRegister,
  zoneNames,
} from './zone.rules';
import { initialState, type Zone, type ZoneState } from './zone.state';

/** The events to append to one zone's stream. */
export interface ZoneStreamEvents {
  readonly zoneId: string;
  readonly events: ZoneEvent[];
}

/**
 * A merger: several zones integrated into one (e.g. an ETDZ and a high-tech zone under one
 * management body, or zones absorbed into a new district zone). `states` holds the state of every
 * zone the command names (a zone missing from it has no stream). Returns, per involved stream, the
 * events to append together, each stream at the version its state was read at: the survivor's (or
 * the new zone's) first, then the absorbed zones' in the command's order. Every stream gets the same
 * ZonesMerged, so each zone's history tells the whole merger. A merger the survivor already
 * recorded (same merger id) returns nothing, so a redelivered command is harmless.
 */
export function mergeZones(
  { data: command }: MergeZones,
  states: ReadonlyMap<string, ZoneState>,
): ZoneStreamEvents[] {
  const stateOf = (zoneId: string): ZoneState => states.get(zoneId) ?? initialState();
  const { mergerId, survivingZoneId, absorbedZoneIds } = command;
  const survivorState = stateOf(survivingZoneId);
  if (survivorState.registered && survivorState.lineage.mergerIds.includes(mergerId)) return [];

  assertMergerShape(survivingZoneId, absorbedZoneIds);
  const survivor = command.newZone ? undefined : survivingZone(survivorState, survivingZoneId);
  if (command.newZone && survivorState.registered)
    throw new ZoneAlreadyRegisteredError(survivingZoneId);
  const absorbed = absorbedZoneIds.map((zoneId) => zoneInRegister(stateOf(zoneId), zoneId));

  const effectiveOn = recordableDate('effectiveOn', command.effectiveOn, command.now);
  // The merger cannot precede the approval of any existing zone it involves.
  for (const zone of survivor ? [survivor, ...absorbed] : absorbed)
    recordableDate('effectiveOn', effectiveOn, command.now, zone);
  const newZone = command.newZone && createdZone(command, command.newZone);

  const merged: ZonesMerged = {
    type: 'ZonesMerged',
    data: {
      mergerId,
      survivingZoneId,
      absorbedZoneIds: [...absorbedZoneIds],
      ...(newZone ? { newZone } : {}),
      effectiveOn,
      kind: command.kind,
      ...(command.basisPolicyId ? { basisPolicyId: command.basisPolicyId } : {}),
    },
  };
  return [survivingZoneId, ...absorbedZoneIds].map((zoneId) => ({ zoneId, events: [merged] }));
}

function assertMergerShape(survivingZoneId: string, absorbedZoneIds: readonly string[]): void {
  if (absorbedZoneIds.length === 0) throw new MergerTooSmallError();
  const repeated = absorbedZoneIds.find((zoneId, at) => absorbedZoneIds.indexOf(zoneId) !== at);
  if (repeated !== undefined) throw new DuplicateZoneInMergerError(repeated);
  if (absorbedZoneIds.includes(survivingZoneId)) throw new MergeIntoSelfError(survivingZoneId);
}

// An existing survivor must still be in the register: nothing merges into a merged or exited zone.
function survivingZone(state: ZoneState, zoneId: string): Zone {
  const zone = registeredZone(state, zoneId);
  if (zone.status.kind === 'merged' || zone.status.kind === 'exited')
    throw new MergerTargetNotActiveError(zoneId, zone.status.kind);
  return zone;
}

// The new zone's names must be free at its level, except for the zones it absorbs: they leave
// the register as it enters (the new zone may well carry one of their names on).
function createdZone(
  command: MergeZones['data'],
  registration: NewZoneRegistration,
): MergedNewZone {
  const names = zoneNames(registration.nameZh, registration.nameEn);
  const province = provinceOf(registration.province);
  assertNamesFree(names, registration.level, command.namesakes, [
    command.survivingZoneId,
    ...command.absorbedZoneIds,
  ]);
  return {
    zoneId: command.survivingZoneId,
    ...names,
    kind: registration.kind,
    level: registration.level,
    province: province.name,
    city: tidy(registration.city ?? ''),
    region: province.region,
    industryFocus: industryList(registration.industryFocus),
  };
}
