import type { ZoneEvent, ZoneLevel } from './zone.events';
import { nameKey, type NameLanguage } from './zone.rules';
import { evolve, isInRegister, type ZoneState } from './zone.state';

// While a zone is in the register, its names are its own at its level: no other zone there may
// bear them. The register keeps these claims with the events that take and free them, so a name
// is checked against every recorded change, not against a read model that follows later.

/** A zone's hold on one of its names at its level. */
export interface NameClaim {
  readonly zoneId: string;
  readonly level: ZoneLevel;
  readonly language: NameLanguage;
  /** The name as the register compares it (see nameKey): what makes two claims clash. */
  readonly key: string;
  /** The name as the zone bears it, for the refusal that names it. */
  readonly name: string;
}

/** The claims a change of one zone's stream frees, and the ones it takes. */
export interface NameClaimChanges {
  readonly released: readonly NameClaim[];
  readonly claimed: readonly NameClaim[];
}

/**
 * The claims a zone holds in this state: its Chinese and its English name at its level while it
 * is in the register (active or downgraded); none once merged or exited. A blank English name
 * claims nothing, as it clashes with nothing.
 */
export function nameClaims(state: ZoneState): NameClaim[] {
  if (!state.registered || !isInRegister(state)) return [];
  const names: readonly [NameLanguage, string][] = [
    ['zh', state.nameZh],
    ['en', state.nameEn],
  ];
  return names
    .map(([language, name]) => ({
      zoneId: state.zoneId,
      level: state.level,
      language,
      key: nameKey(language, name),
      name,
    }))
    .filter((claim) => claim.key !== '');
}

/**
 * What appending `events` to a zone's stream in `state` does to its claims: those it holds before
 * and not after are released, those it holds after and not before are claimed. A claim held on
 * both sides moves nothing, even when the name's spelling changes but not its key (an English
 * name recased).
 */
export function nameClaimChanges(state: ZoneState, events: readonly ZoneEvent[]): NameClaimChanges {
  const before = nameClaims(state);
  const after = nameClaims(events.reduce(evolve, state));
  return {
    released: before.filter((claim) => !after.some((other) => sameClaim(claim, other))),
    claimed: after.filter((claim) => !before.some((other) => sameClaim(claim, other))),
  };
}

/** True when the change frees or takes any name. */
export function movesNames(changes: NameClaimChanges): boolean {
  return changes.released.length > 0 || changes.claimed.length > 0;
}

function sameClaim(a: NameClaim, b: NameClaim): boolean {
  return (
    a.zoneId === b.zoneId && a.level === b.level && a.language === b.language && a.key === b.key
  );
}
