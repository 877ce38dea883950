import { say, type StoryContext } from '../story-context';
import { findZone } from '../zone-lookup';
import { tally, type StepOutcome } from './step-outcome';

/** Sets the leading industries of the zones the seed names (PUT /v1/zones/{id}/industry-focus). */
export async function setIndustryFocus(context: StoryContext): Promise<StepOutcome> {
  const step = 'Industry focus';
  const outcomes: ('recorded' | 'already')[] = [];
  for (const entry of context.seed.industryFocus) {
    const zone = await findZone(context, entry);
    const same =
      zone.industryFocus.length === entry.industryFocus.length &&
      entry.industryFocus.every((industry) => zone.industryFocus.includes(industry));
    if (same) {
      outcomes.push('already');
      say(context, `  ${entry.nameZh} (${zone.zoneId}): already ${entry.industryFocus.join(', ')}`);
      continue;
    }
    await context.services.zones.ok(
      `industry focus of ${entry.nameZh}`,
      'PUT',
      `/v1/zones/${zone.zoneId}/industry-focus`,
      { body: { industryFocus: entry.industryFocus } },
    );
    outcomes.push('recorded');
    say(context, `  ${entry.nameZh} (${zone.zoneId}): set ${entry.industryFocus.join(', ')}`);
  }
  say(context, `${step}: ${tally(outcomes)}`);
  return { step, changed: outcomes.includes('recorded'), summary: tally(outcomes) };
}
