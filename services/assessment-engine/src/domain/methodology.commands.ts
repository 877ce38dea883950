import type { MethodologyInput } from './methodology';
import type { Command } from './round.commands';

// What callers ask of a methodology's stream.

/** Create a version of a methodology: the next one (1 for a new methodology), as given. */
export type CreateMethodologyVersion = Command<
  'CreateMethodologyVersion',
  { readonly methodology: MethodologyInput }
>;

/** The commands on one methodology's stream (`decideMethodology`). */
export type MethodologyCommand = CreateMethodologyVersion;
