import type { Methodology } from './methodology';
import type { MethodologyEvent } from './methodology.events';

/** A methodology's stream folded: its versions. */
export interface MethodologyState {
  /** By version number (1, 2, ...: consecutive, as the decider creates them). */
  readonly versions: ReadonlyMap<number, Methodology>;
}

/** The state of a stream before its first event: no version. */
export const initialMethodologyState = (): MethodologyState => ({ versions: new Map() });

/** The state after `event`. */
export function evolveMethodology(
  state: MethodologyState,
  event: MethodologyEvent,
): MethodologyState {
  switch (event.type) {
    case 'MethodologyVersionCreated': {
      const { methodology } = event.data;
      const versions = new Map(state.versions);
      versions.set(methodology.version, methodology);
      return { versions };
    }
  }
}

/** The latest version number (0 when none). */
export function latestMethodologyVersion(state: MethodologyState): number {
  let latest = 0;
  for (const version of state.versions.keys()) if (version > latest) latest = version;
  return latest;
}

/** The methodology's version `version`, or its latest when none is given; undefined when none. */
export function methodologyVersion(
  state: MethodologyState,
  version?: number,
): Methodology | undefined {
  return state.versions.get(version ?? latestMethodologyVersion(state));
}
