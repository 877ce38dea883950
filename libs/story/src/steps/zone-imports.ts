import { withProgress } from '../progress';
import { say, StoryError, type StoryContext } from '../story-context';
import { importCounts, type ImportSummary, type StepOutcome } from './step-outcome';

/**
 * Registers the zones of a CSV file through POST /v1/zones/imports, as a user would: a row
 * imported before is skipped; a refused row stops the story (the file needs a correction).
 */
export async function importZones(
  context: StoryContext,
  step: string,
  file: string,
  csv: string,
): Promise<StepOutcome> {
  const rows = csv.trim().split('\n').length - 1;
  const summary = await withProgress(context.output, `${step}: importing ${rows} rows`, () =>
    context.services.zones.ok<ImportSummary>(`import of ${file}`, 'POST', '/v1/zones/imports', {
      raw: { text: csv, contentType: 'text/csv' },
    }),
  );
  say(context, `${step} (${file}): ${importCounts(summary)}`);
  for (const row of summary.firstRejected)
    say(context, `  line ${row.row} ${row.name}: ${row.code} ${row.detail}`);
  if (summary.rejected > 0)
    throw new StoryError(`${step}: ${summary.rejected} rows of ${file} were refused`);
  return { step, changed: summary.created > 0, summary: importCounts(summary) };
}
