import { MethodologyVersionExistsError, MethodologyVersionNotNextError } from './assessment.errors';
import { methodologyOf } from './methodology';
import type { CreateMethodologyVersion, MethodologyCommand } from './methodology.commands';
import type { MethodologyEvent, MethodologyVersionCreated } from './methodology.events';
import {
  evolveMethodology,
  initialMethodologyState,
  latestMethodologyVersion,
  type MethodologyState,
} from './methodology.state';
import { sameJson } from './round.rules';

// A methodology's versions are immutable: a correction is the next version, never an edit. A
// round is opened with one version, whole (RoundOpened carries it), so its stream never depends
// on a methodology's later versions.

/**
 * Creates a version of the methodology, validated (methodologyOf): it must be the next one, 1 for
 * a new methodology, the latest + 1 after (ASSESSMENT.METHODOLOGY_VERSION_NOT_NEXT). A version
 * that exists already with the same content records nothing (a retried command); with other
 * content it is refused (ASSESSMENT.METHODOLOGY_VERSION_EXISTS).
 */
export function createMethodologyVersion(
  { data: command }: CreateMethodologyVersion,
  state: MethodologyState,
): MethodologyVersionCreated[] {
  const methodology = methodologyOf(command.methodology);
  const existing = state.versions.get(methodology.version);
  if (existing) {
    if (sameJson(existing, methodology)) return [];
    throw new MethodologyVersionExistsError(methodology.methodologyId, methodology.version);
  }
  const next = latestMethodologyVersion(state) + 1;
  if (methodology.version !== next)
    throw new MethodologyVersionNotNextError(methodology.methodologyId, methodology.version, next);
  return [{ type: 'MethodologyVersionCreated', data: { methodology } }];
}

/** The events a command on one methodology's stream produces. */
export function decideMethodology(
  command: MethodologyCommand,
  state: MethodologyState,
): MethodologyEvent[] {
  switch (command.type) {
    case 'CreateMethodologyVersion':
      return createMethodologyVersion(command, state);
  }
}

/** The methodology decider: what a command handler folds a methodology's stream with. */
export const methodologyDecider = {
  decide: decideMethodology,
  evolve: evolveMethodology,
  initialState: initialMethodologyState,
};
