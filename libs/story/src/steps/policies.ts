import { waitForCatchUp } from '../catch-up';
import { withProgress } from '../progress';
import { say, StoryError, type StoryContext } from '../story-context';
import { SEED_FILES } from '../story-seed';
import { importCounts, type ImportSummary, type StepOutcome } from './step-outcome';

/**
 * Issues the seed's policies through POST /v1/policies/imports once the policy-registry's zone
 * directory has every zone (a scope resolves to the zones it knows when a policy is issued).
 * Idempotent per document number.
 */
export async function importPolicies(context: StoryContext): Promise<StepOutcome> {
  const step = 'Policies';
  const { zones, policies } = context.services;
  const summary = await withProgress(context.output, step, async (task) => {
    await waitForCatchUp(context, [zones], policies, ['zone-directory'], task);
    task.update(`importing ${context.seed.policyCount} policies`);
    return policies.ok<ImportSummary>('policy import', 'POST', '/v1/policies/imports', {
      raw: { text: context.seed.policiesJson, contentType: 'application/json' },
    });
  });
  say(context, `${step} (${SEED_FILES.policies}): ${importCounts(summary)}`);
  for (const row of summary.firstRejected)
    say(context, `  row ${row.row} ${row.name}: ${row.code} ${row.detail}`);
  if (summary.rejected > 0)
    throw new StoryError(`${step}: ${summary.rejected} policies were refused`);
  return { step, changed: summary.created > 0, summary: importCounts(summary) };
}
