import { waitForCatchUp } from '../catch-up';
import { withProgress, type ProgressTask } from '../progress';
import { say, waitUntil, type StoryContext } from '../story-context';
import { findZone, zoneNow, type ZoneView } from '../zone-lookup';
import { publishedRanking } from './assessments';
import { webhookSubscriptionTo } from './subscription';

/** The questions the story answers, about these zones. */
export const STORY_ZONES = {
  suzhouIndustrialPark: { nameZh: '苏州工业园区' },
  nanjing: { nameZh: '南京经济技术开发区' },
} as const;

/** A notification as the receiver kept it. */
export interface ReceivedNotification {
  readonly webhookId: string;
  readonly receivedAt: string;
  readonly type: string;
  readonly subject?: string;
  readonly subscriptionId?: string;
  readonly event: Record<string, unknown>;
}

/** What the story's data says, read back through the public APIs. */
export interface StoryAnswers {
  /** Suzhou Industrial Park's published rank in every round of the seed (undefined: not ranked). */
  readonly suzhouIndustrialParkRanks: Readonly<Record<string, number | undefined>>;
  /** The zones that integrated high-tech zones, with the high-tech zones they absorbed. */
  readonly integratedWithHighTech: readonly {
    zone: string;
    zoneId: string;
    highTechZones: string[];
  }[];
  /** Document numbers of the policies in force for Nanjing ETDZ. */
  readonly nanjingPolicies: { readonly on20180101: string[]; readonly today: string[] };
  /** The verified notifications the receiver got for the analyst's subscription. */
  readonly notifications: {
    readonly subscriptionId: string;
    /** Deliveries the notifier made to the receiver's URL, in this run or an earlier one. */
    readonly delivered: number;
    /** Of those, the ones this receiver got and verified (in its records, .run/webhook-receiver). */
    readonly received: number;
    readonly byType: Readonly<Record<string, number>>;
    readonly examples: readonly ReceivedNotification[];
  };
}

/** Reads the story's answers and prints them. */
export async function answerStory(context: StoryContext): Promise<StoryAnswers> {
  return withProgress(context.output, 'Answers', async (task) => {
    const suzhouIndustrialParkRanks = await sipRanks(context, task);
    const integratedWithHighTech = await highTechIntegrations(context);
    const nanjingPolicies = await nanjingPoliciesInForce(context, task);
    const notifications = await receivedNotifications(context, task);
    return { suzhouIndustrialParkRanks, integratedWithHighTech, nanjingPolicies, notifications };
  }).then((answers) => {
    printAnswers(context, answers);
    return answers;
  });
}

async function sipRanks(context: StoryContext, task: ProgressTask) {
  const sip = await findZone(context, STORY_ZONES.suzhouIndustrialPark);
  const ranks: Record<string, number | undefined> = {};
  for (const round of context.seed.publishedRounds) {
    const rows = context.seed.publishedRankings.get(round.roundId)?.rows.length ?? 0;
    const ranking = await publishedRanking(context, round.roundId, rows, task);
    ranks[round.roundId] = ranking.find((row) => row.zoneId === sip.zoneId)?.rank;
  }
  return ranks;
}

// The high-tech zones the list knows, each read from its own stream: the merged ones, and whom
// their lineage ends with.
async function highTechIntegrations(context: StoryContext) {
  const zones = context.services.zones;
  const highTechZones = await zones.ok<{ items: ZoneView[] }>(
    'high-tech zones',
    'GET',
    '/v1/zones?kind=ZONE_KIND_HIGH_TECH_ZONE&limit=100',
  );
  const bySurvivor = new Map<string, { zone: string; zoneId: string; highTechZones: string[] }>();
  for (const listed of highTechZones.items) {
    const highTech = await zoneNow(context, listed.zoneId);
    if (highTech.status.kind !== 'merged') continue;
    const lineage = await zones.ok<{ descendants: string[] }>(
      `lineage of ${highTech.nameZh}`,
      'GET',
      `/v1/zones/${highTech.zoneId}/lineage`,
    );
    const survivorId = lineage.descendants.at(-1);
    if (!survivorId) continue;
    const entry = bySurvivor.get(survivorId) ?? {
      zone: (await zoneNow(context, survivorId)).nameZh,
      zoneId: survivorId,
      highTechZones: [],
    };
    entry.highTechZones.push(highTech.nameZh);
    bySurvivor.set(survivorId, entry);
  }
  return [...bySurvivor.values()].sort((a, b) => a.zone.localeCompare(b.zone, 'zh'));
}

async function nanjingPoliciesInForce(context: StoryContext, task: ProgressTask) {
  const { zones, policies } = context.services;
  await waitForCatchUp(context, [zones, policies], policies, ['zone-directory'], task);
  const nanjing = await findZone(context, STORY_ZONES.nanjing);
  const inForce = async (query: string) => {
    const answer = await policies.ok<{ items: { documentNumber: string }[] }>(
      `policies of ${nanjing.nameZh}`,
      'GET',
      `/v1/zones/${nanjing.zoneId}/policies${query}`,
    );
    return answer.items.map((policy) => policy.documentNumber).sort();
  };
  return { on20180101: await inForce('?inForceOn=2018-01-01'), today: await inForce('') };
}

async function receivedNotifications(context: StoryContext, task: ProgressTask) {
  const { zones, policies, assessments, notifier } = context.services;
  const token = context.analystToken;
  const mine = await notifier.ok<{ items: Parameters<typeof webhookSubscriptionTo>[1][number][] }>(
    'the analyst subscriptions',
    'GET',
    '/v1/subscriptions?limit=100',
    { token },
  );
  const subscriptionId =
    webhookSubscriptionTo(context.receiver.webhookUrl, mine.items)?.subscriptionId ?? '';
  // Every event is published and matched, and no delivery waits for an attempt.
  await waitForCatchUp(
    context,
    [zones, policies, assessments],
    notifier,
    ['notification-intake'],
    task,
  );
  let delivered = 0;
  await waitUntil(
    'every delivery to the receiver',
    async () => {
      const statuses = await deliveryStatuses(context, subscriptionId);
      delivered = statuses.filter((status) => status === 'delivered').length;
      return !statuses.includes('pending');
    },
    context.waitTimeoutMs,
    task,
  );
  const received = await fetch(new URL('/notifications', context.receiver.baseUrl)).then(
    (response) => response.json() as Promise<{ items: ReceivedNotification[] }>,
  );
  const items = received.items.filter((item) => item.subscriptionId === subscriptionId);
  const byType: Record<string, number> = {};
  for (const item of items) byType[item.type] = (byType[item.type] ?? 0) + 1;
  const examples = Object.keys(byType).map(
    (type) => items.find((item) => item.type === type) as ReceivedNotification,
  );
  return { subscriptionId, delivered, received: items.length, byType, examples };
}

async function deliveryStatuses(context: StoryContext, subscriptionId: string): Promise<string[]> {
  const statuses: string[] = [];
  for (let offset = 0; ; offset += 100) {
    const page = await context.services.notifier.ok<{ items: { status: string }[]; total: number }>(
      'deliveries',
      'GET',
      `/v1/subscriptions/${subscriptionId}/deliveries?limit=100&offset=${offset}`,
      { token: context.analystToken },
    );
    statuses.push(...page.items.map((item) => item.status));
    if (offset + 100 >= page.total) return statuses;
  }
}

function printAnswers(context: StoryContext, answers: StoryAnswers): void {
  say(context, '');
  say(context, 'The story, as the system tells it:');
  const ranks = Object.entries(answers.suzhouIndustrialParkRanks)
    .map(([round, rank]) => `${round}: ${rank ?? 'not ranked'}`)
    .join(', ');
  say(context, `  Suzhou Industrial Park's published rank by round: ${ranks}`);
  say(context, '  Zones integrated with high-tech zones:');
  for (const entry of answers.integratedWithHighTech)
    say(context, `    ${entry.zone} (${entry.zoneId}) <- ${entry.highTechZones.join(', ')}`);
  say(
    context,
    `  Policies in force for Nanjing ETDZ on 2018-01-01: ${answers.nanjingPolicies.on20180101.join(', ') || 'none'}`,
  );
  say(
    context,
    `  Policies in force for Nanjing ETDZ today: ${answers.nanjingPolicies.today.join(', ') || 'none'}`,
  );
  say(context, `  ${notificationsLine(answers.notifications)}`);
  for (const example of answers.notifications.examples.slice(0, 4))
    say(context, `    e.g. ${example.type} ${example.subject ?? ''} (${example.webhookId})`);
}

/**
 * What the receiver got. A system kept from an earlier run delivered the story's notifications to
 * that run's receiver, so a receiver whose records start later (a fresh checkout's, or one whose
 * .run/webhook-receiver was cleared) has fewer, or none, to show.
 */
export function notificationsLine(notifications: StoryAnswers['notifications']): string {
  const { subscriptionId, delivered, received } = notifications;
  const byType = Object.entries(notifications.byType)
    .map(([type, count]) => `${type.split('.').pop()} ${count}`)
    .join(', ');
  const line = `Notifications for subscription ${subscriptionId}: ${delivered} delivered; this receiver verified ${received}`;
  if (received >= delivered) return `${line}, by type: ${byType || 'none'}`;
  const earlier = delivered - received;
  return `${line}${received > 0 ? ` (by type: ${byType})` : ''}. The other ${earlier} were delivered before this receiver’s records begin: to an earlier run’s receiver (another checkout’s, or before .run/webhook-receiver was cleared)`;
}
