import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { say, type StoryContext } from '../story-context';
import { SEED_FILES } from '../story-seed';
import type { StepOutcome } from './step-outcome';

/** A subscription as GET /v1/subscriptions lists it (the fields the story reads). */
interface SubscriptionView {
  readonly subscriptionId: string;
  readonly status: string;
  readonly channel: { readonly kind: string; readonly url?: string };
}

/** The analyst's active webhook subscription to `url` among theirs, if any. */
export function webhookSubscriptionTo(
  url: string,
  subscriptions: readonly SubscriptionView[],
): SubscriptionView | undefined {
  return subscriptions.find(
    (subscription) =>
      subscription.status !== 'cancelled' &&
      subscription.channel.kind === 'CHANNEL_KIND_WEBHOOK' &&
      subscription.channel.url === url,
  );
}

/**
 * The analyst's subscription with a webhook to the local receiver, made before the events it
 * reports. Its signing secret is shown only when it is made (or rotated): it goes to the file the
 * receiver reads. On a later run the subscription is found; its filter is set to the seed's (the
 * same filter records nothing) and, if the receiver has no secret (a new .run/), the secret is
 * rotated for it.
 */
export async function subscribeAnalyst(context: StoryContext): Promise<StepOutcome> {
  const step = 'Analyst subscription';
  const { notifier } = context.services;
  const token = context.analystToken;
  const { filter } = context.seed.subscription;
  const url = context.receiver.webhookUrl;
  const mine = await notifier.ok<{ items: SubscriptionView[] }>(
    'the analyst subscriptions',
    'GET',
    '/v1/subscriptions?limit=100',
    { token },
  );
  const existing = webhookSubscriptionTo(url, mine.items);
  if (!existing) {
    const created = await notifier.ok<{ subscriptionId: string; secret: string }>(
      'the analyst subscription',
      'POST',
      '/v1/subscriptions',
      { token, body: { filter, channel: { kind: 'CHANNEL_KIND_WEBHOOK', url } } },
    );
    keepSecret(context, created.secret);
    const summary = `created ${created.subscriptionId}, webhook ${url}`;
    say(
      context,
      `${step} (${SEED_FILES.subscription}): ${summary}; secret in ${context.receiver.secretFile}`,
    );
    return { step, changed: true, summary };
  }
  const id = existing.subscriptionId;
  const changed = await notifier.ok<{ recorded: string[] }>(
    'the analyst subscription filter',
    'PUT',
    `/v1/subscriptions/${id}/filter`,
    { token, body: filter },
  );
  const notes = [changed.recorded.length > 0 ? 'filter changed to the seed' : 'filter already'];
  if (!existsSync(context.receiver.secretFile)) {
    const rotated = await notifier.ok<{ secret: string }>(
      'a new signing secret',
      'POST',
      `/v1/subscriptions/${id}/secret-rotations`,
      { token },
    );
    keepSecret(context, rotated.secret);
    notes.push(`secret rotated for the receiver (${context.receiver.secretFile})`);
  }
  const summary = `already ${id} (${notes.join('; ')})`;
  say(context, `${step}: ${summary}`);
  return { step, changed: notes.length > 1 || changed.recorded.length > 0, summary };
}

function keepSecret(context: StoryContext, secret: string): void {
  mkdirSync(dirname(context.receiver.secretFile), { recursive: true });
  writeFileSync(context.receiver.secretFile, `${secret}\n`, { mode: 0o600 });
}
