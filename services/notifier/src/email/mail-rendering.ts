import { createHash } from 'node:crypto';
import type { FollowedZone } from '../domain';

// The notifier's e-mail, as text: one notification's mail, and a digest listing a period's
// notifications. Pure: what the mail says comes from the CloudEvent a webhook receiver would get
// (its proto JSON data) and the zones the subscription followed. Chinese names are written as
// they are (the mail is UTF-8).

/** The structured-mode CloudEvent of a notification's source event (the feed's `cloud_event`). */
export interface CloudEventJson {
  readonly id?: string;
  readonly source?: string;
  readonly type?: string;
  readonly subject?: string;
  readonly time?: string;
  readonly data?: unknown;
  readonly [extension: string]: unknown;
}

/** One notification as the mail tells it. */
export interface MailNotification {
  readonly notificationId: string;
  readonly cloudEvent: CloudEventJson;
  /** Zones followed instead of zones the filter names, merged away. */
  readonly followed?: readonly FollowedZone[];
}

/** A mail's words: its subject, its plain-text body. */
export interface RenderedMail {
  readonly subject: string;
  readonly text: string;
}

const PREFIX = '[ZoneLedger]';

/** The short type of a CloudEvent type: "zoneledger.assessment.v1.ZoneRankChanged" → "ZoneRankChanged". */
export function shortEventType(type: string | undefined): string {
  const text = (type ?? '').trim();
  return text.slice(text.lastIndexOf('.') + 1) || 'Event';
}

/**
 * One notification's mail: subject "[ZoneLedger] <event type> — <subject>", a body with the
 * event's type, time and subject, its main facts (zones, names, ranks, scores, policy titles),
 * the zones followed if any, and the CloudEvent JSON at the end.
 */
export function renderNotificationMail(notification: MailNotification): RenderedMail {
  const { cloudEvent } = notification;
  const type = shortEventType(cloudEvent.type);
  const lines = [
    ...summaryLines(notification),
    '',
    `Notification: ${notification.notificationId}`,
    '',
    'CloudEvent:',
    JSON.stringify(cloudEvent, null, 2),
    '',
  ];
  return {
    subject: `${PREFIX} ${type} — ${headline(cloudEvent)}`,
    text: lines.join('\n'),
  };
}

/** A period's digest. */
export interface DigestMail {
  /** The notifications, in the order they go in. */
  readonly notifications: readonly MailNotification[];
  /** The period's cut-off: the digest holds what was pending before it. */
  readonly until: Date;
}

/**
 * A digest: subject "[ZoneLedger] Digest: <n> notification(s) until <cut-off>", then each
 * notification numbered in order with its type, time, subject, facts and followed zones, and the
 * CloudEvents as JSON lines at the end.
 */
export function renderDigestMail({ notifications, until }: DigestMail): RenderedMail {
  const count = notifications.length;
  const noun = count === 1 ? 'notification' : 'notifications';
  const when = `${until.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const items = notifications.flatMap((notification, index) => [
    `${index + 1}. ${shortEventType(notification.cloudEvent.type)} — ${headline(notification.cloudEvent)}`,
    ...summaryLines(notification).map((line) => (line ? `   ${line}` : line)),
    `   Notification: ${notification.notificationId}`,
    '',
  ]);
  const lines = [
    `${count} ${noun} until ${when}, in the order they were recorded.`,
    '',
    ...items,
    'CloudEvents (one JSON per line, in the same order):',
    ...notifications.map((notification) => JSON.stringify(notification.cloudEvent)),
    '',
  ];
  return { subject: `${PREFIX} Digest: ${count} ${noun} until ${when}`, text: lines.join('\n') };
}

/**
 * A Message-ID that is the same whenever the same thing is mailed again (a retry, a resend after a
 * crash), so that a mail client or the recipient recognises it: from the notification id, or for
 * a digest from the subscription and the period's cut-off.
 */
export function notificationMessageId(notificationId: string, domain: string): string {
  return `<${idPart('notification', notificationId)}@${domain}>`;
}

/** A digest's Message-ID: the subscription and the period's cut-off. */
export function digestMessageId(subscriptionId: string, until: Date, domain: string): string {
  return `<${idPart('digest', `${subscriptionId}.${until.getTime()}`)}@${domain}>`;
}

/** The domain of a From address ("ZoneLedger <n@example.org>" → "example.org"). */
export function messageIdDomain(from: string): string {
  const match = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from.trim());
  return match?.[1]?.toLowerCase() ?? 'zoneledger.invalid';
}

// A Message-ID's left part is a dot-atom: an id that is not one (a colon, spaces) is hashed.
function idPart(kind: string, id: string): string {
  const dotted = `${kind}.${id.replace(/:/g, '.')}`;
  if (/^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/.test(dotted))
    return dotted;
  return `${kind}.${createHash('sha256').update(id).digest('hex').slice(0, 40)}`;
}

// What the subject line names: the zone or policy by name when the data says it, else the
// CloudEvent subject (its stream).
function headline(cloudEvent: CloudEventJson): string {
  const data = record(cloudEvent.data);
  const subject = text(cloudEvent.subject) || '(no subject)';
  const name = text(data.nameZh) || text(data.titleZh) || text(data.nameEn) || text(data.titleEn);
  return name ? `${name} (${subject})` : subject;
}

// The lines every rendering shares: type, time, subject, facts, followed zones.
function summaryLines({ cloudEvent, followed = [] }: MailNotification): string[] {
  const lines = [
    `Event: ${shortEventType(cloudEvent.type)} (${text(cloudEvent.type) || 'unknown type'})`,
    `Time: ${text(cloudEvent.time) || 'unknown'}`,
    `Subject: ${text(cloudEvent.subject) || '(none)'}`,
  ];
  const facts = factLines(shortEventType(cloudEvent.type), record(cloudEvent.data));
  if (facts.length > 0) lines.push('', ...facts);
  if (followed.length > 0)
    lines.push(
      '',
      'Followed zones (your filter names a zone merged into another):',
      ...followed.map(({ zoneId, insteadOf }) => `- ${zoneId}, instead of ${insteadOf}`),
    );
  return lines;
}

/** The main facts of an event's proto JSON data, one line each, in a fixed order. */
export function factLines(type: string, data: Readonly<Record<string, unknown>>): string[] {
  const lines: string[] = [];
  const add = (label: string, value: string | undefined) => {
    if (value) lines.push(`${label}: ${value}`);
  };
  add('Zone', withNames(text(data.zoneId), data.nameZh, data.nameEn));
  add('Previous name', names(data.previousNameZh, data.previousNameEn));
  add('Surviving zone', text(data.survivingZoneId));
  add('Absorbed zones', list(data.absorbedZoneIds));
  const newZone = record(data.newZone);
  add('Zone after the merger', names(newZone.nameZh, newZone.nameEn));
  add('Policy', text(data.policyId));
  add('Title', names(data.titleZh, data.titleEn));
  add('Document number', text(data.documentNumber));
  add('Issuer', text(data.issuer));
  add('Themes', list(data.themes));
  add('Round', withPrevious(text(data.roundId), text(data.previousRoundId)));
  if (type === 'ZoneRankChanged') add('Rank', change(data.previousRank, data.rank, 'places'));
  else add('Rank', text(data.rank));
  if (type === 'ZoneScoreChanged') add('Score', change(data.previousTotal, data.total, 'points'));
  else add('Score', text(data.total));
  add('National rank', text(data.nationalRank));
  add('Regional rank', text(data.regionalRank));
  add('Kind', enumText(data.kind));
  add('Level', enumText(data.level));
  add('Province', [text(data.province), text(data.city)].filter(Boolean).join(' '));
  add('Region', enumText(data.region));
  add('Effective on', dateText(data.effectiveOn));
  add('Reason', text(data.reason));
  return lines;
}

function withNames(id: string, zh: unknown, en: unknown): string | undefined {
  if (!id) return undefined;
  const named = names(zh, en);
  return named ? `${id} — ${named}` : id;
}

function names(zh: unknown, en: unknown): string | undefined {
  const [first, second] = [text(zh), text(en)];
  if (first && second) return `${first} (${second})`;
  return first || second || undefined;
}

function withPrevious(current: string, previous: string): string | undefined {
  if (!current) return undefined;
  return previous ? `${current} (previous: ${previous})` : current;
}

// A rank (lower is better) or a score (higher is better) before and after, with the movement.
function change(before: unknown, after: unknown, unit: 'places' | 'points'): string {
  const from = numeric(before);
  const to = numeric(after);
  if (from === undefined || to === undefined)
    return `${text(before) || '–'} → ${text(after) || '–'}`;
  const delta = to - from;
  if (delta === 0) return `${from} → ${to} (unchanged)`;
  if (unit === 'places')
    return `${from} → ${to} (${delta < 0 ? 'up' : 'down'} ${Math.abs(delta)} ${Math.abs(delta) === 1 ? 'place' : 'places'})`;
  const rounded = Math.round(delta * 100) / 100;
  return `${from} → ${to} (${rounded > 0 ? '+' : ''}${rounded})`;
}

function numeric(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  // Proto JSON leaves a zero out: a rank or score of 0 comes as nothing.
  if (value === undefined) return 0;
  return undefined;
}

// "ZONE_KIND_ETDZ" → "ETDZ", "REGION_EAST" → "EAST"; unspecified is nothing.
function enumText(value: unknown): string | undefined {
  const name = text(value);
  if (!name || name.endsWith('_UNSPECIFIED')) return undefined;
  const known = ['ZONE_KIND_', 'ZONE_LEVEL_', 'REGION_', 'POLICY_KIND_', 'MERGER_KIND_'];
  const prefix = known.find((candidate) => name.startsWith(candidate));
  return prefix ? name.slice(prefix.length) : name;
}

function dateText(value: unknown): string | undefined {
  const { year, month, day } = record(value) as { year?: number; month?: number; day?: number };
  if (!year) return undefined;
  const pad = (part: number) => String(part).padStart(2, '0');
  return [String(year), month ? pad(month) : undefined, day && month ? pad(day) : undefined]
    .filter(Boolean)
    .join('-');
}

function list(value: unknown): string | undefined {
  if (!Array.isArray(value)) return undefined;
  const items = value.map(text).filter(Boolean);
  return items.length > 0 ? items.join(', ') : undefined;
}

function text(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return '';
}

function record(value: unknown): Readonly<Record<string, unknown>> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
