import { waitForCatchUp } from '../catch-up';
import { withProgress } from '../progress';
import { say, StoryError, type StoryContext } from '../story-context';
import type { CalendarDate, Integration } from '../story-seed';
import { findZone } from '../zone-lookup';
import { tally, type StepOutcome } from './step-outcome';

/** "2002", "2017-02", "2020-01-17". */
export function dateText(date: CalendarDate): string {
  const two = (value: number) => String(value).padStart(2, '0');
  return [
    String(date.year),
    ...(date.month ? [two(date.month)] : []),
    ...(date.day ? [two(date.day)] : []),
  ].join('-');
}

/** The body of POST /v1/mergers for an integration, once its zones are found. */
export function mergerRequest(
  integration: Integration,
  survivingZoneId: string,
  absorbedZoneIds: readonly string[],
): Record<string, unknown> {
  return {
    mergerId: integration.mergerId,
    survivingZoneId,
    absorbedZoneIds,
    effectiveOn: integration.effectiveOn,
    kind: integration.kind,
    ...(integration.basisPolicyId ? { basisPolicyId: integration.basisPolicyId } : {}),
  };
}

/**
 * Records the seed's integrations as mergers (POST /v1/mergers), each once: an integration whose
 * absorbed zones are all merged already is left as it is. Waits first until the zone registry has
 * recorded the policies' autonomy grants, which append to the same zones' streams.
 */
export async function recordMergers(context: StoryContext): Promise<StepOutcome> {
  const step = 'Integrations';
  const outcomes: ('recorded' | 'already')[] = [];
  // The zone registry records the policies' autonomy grants on the zones' streams as it reads
  // them: a merger (or an exit) appended at the version it read would meet one of those appends.
  const { zones, policies } = context.services;
  await withProgress(context.output, step, (task) =>
    waitForCatchUp(context, [policies], zones, ['autonomy-grants'], task),
  );
  for (const integration of context.seed.integrations) {
    const survivor = await findZone(context, integration.survivor);
    const absorbed = [];
    for (const ref of integration.absorbed) absorbed.push(await findZone(context, ref));
    const merged = absorbed.filter((zone) => zone.status.kind === 'merged');
    const label = `${integration.mergerId} (${integration.kind.replace('MERGER_KIND_', '')}, ${dateText(integration.effectiveOn)}${integration.uncertain ? ', date uncertain' : ''})`;
    if (merged.length === absorbed.length) {
      outcomes.push('already');
      say(context, `  ${label}: already merged into ${survivor.nameZh}`);
      continue;
    }
    if (merged.length > 0)
      throw new StoryError(
        `${integration.mergerId}: ${merged.map((zone) => zone.nameZh).join(', ')} merged otherwise already; correct integrations.json or the register`,
      );
    await context.services.zones.ok(`merger ${integration.mergerId}`, 'POST', '/v1/mergers', {
      body: mergerRequest(
        integration,
        survivor.zoneId,
        absorbed.map((zone) => zone.zoneId),
      ),
      idempotencyKey: `story-merger:${integration.mergerId}`,
    });
    outcomes.push('recorded');
    say(
      context,
      `  ${label}: ${absorbed.map((zone) => zone.nameZh).join(', ')} into ${survivor.nameZh}`,
    );
  }
  for (const unrecorded of context.seed.unrecordedIntegrations)
    say(context, `  ${unrecorded.place}: not recorded (${unrecorded.note})`);
  say(
    context,
    `${step}: ${tally(outcomes)}, ${context.seed.unrecordedIntegrations.length} not recorded`,
  );
  return { step, changed: outcomes.includes('recorded'), summary: tally(outcomes) };
}
