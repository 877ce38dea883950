import { say, type StoryContext } from '../story-context';
import { findZone } from '../zone-lookup';
import { dateText } from './mergers';
import { tally, type StepOutcome } from './step-outcome';

/** Takes the zones the seed names off the register (POST /v1/zones/{id}/exit), each once. */
export async function recordExits(context: StoryContext): Promise<StepOutcome> {
  const step = 'Exits';
  const outcomes: ('recorded' | 'already')[] = [];
  for (const exit of context.seed.exits) {
    const zone = await findZone(context, exit);
    if (zone.status.kind === 'exited') {
      outcomes.push('already');
      say(context, `  ${exit.nameZh} (${zone.zoneId}): already exited`);
      continue;
    }
    await context.services.zones.ok(
      `exit of ${exit.nameZh}`,
      'POST',
      `/v1/zones/${zone.zoneId}/exit`,
      {
        body: {
          effectiveOn: exit.effectiveOn,
          basisPolicyId: exit.basisPolicyId,
          reason: exit.reason,
        },
        idempotencyKey: `story-exit:${zone.zoneId}`,
      },
    );
    outcomes.push('recorded');
    say(context, `  ${exit.nameZh} (${zone.zoneId}): exited on ${dateText(exit.effectiveOn)}`);
  }
  say(context, `${step}: ${tally(outcomes)}`);
  return { step, changed: outcomes.includes('recorded'), summary: tally(outcomes) };
}
