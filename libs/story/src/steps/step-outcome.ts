/** What one step of the story did: `changed` is false when everything was already so. */
export interface StepOutcome {
  readonly step: string;
  readonly changed: boolean;
  readonly summary: string;
}

/** The report of an import, as the zone and policy imports answer. */
export interface ImportSummary {
  readonly created: number;
  readonly skipped: number;
  readonly rejected: number;
  readonly firstRejected: readonly { row: number; name: string; code: string; detail: string }[];
}

/** "3 created, 229 skipped, 0 rejected". */
export function importCounts(summary: ImportSummary): string {
  return `${summary.created} created, ${summary.skipped} skipped, ${summary.rejected} rejected`;
}

/** "2 recorded, 1 already" from the outcomes of a few commands. */
export function tally(outcomes: readonly ('recorded' | 'already')[]): string {
  const recorded = outcomes.filter((outcome) => outcome === 'recorded').length;
  return `${recorded} recorded, ${outcomes.length - recorded} already`;
}
