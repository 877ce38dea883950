import { Topics } from '@zoneledger/contracts';
import { zoneEvent, zoneRankChanged, zoneRegistered } from '@zoneledger/service-testing';
import { eventually, type ApiCall } from '@zoneledger/testing';
import type { Message } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { DELIVERIES, DELIVERY_ATTEMPTS, NOTIFIABLE_EVENTS } from '../src/delivery/delivery-tables';
import { digestDue } from '../src/email/digest-period';
import { EmailDigest } from '../src/email/email-digest';
import { startNotifier, type NotifierUnderTest } from './notifier.harness';

// E-mail end to end: zone and assessment events published on Kafka become notifications, which
// the notifier mails through a real SMTP server (smtp-server, on loopback) at once or in a
// digest at the end of its period. The mails are read raw: headers unfolded, encoded words and
// the body's transfer encoding decoded here.

// Long enough that the events a test publishes early in a period are all taken in before it
// ends, even on a loaded machine (the digest tests assert one digest per period).
const DIGEST_INTERVAL_MS = 8000;
const DIGEST_AT = { hour: 0, minute: 0 };
const MAIL_DOMAIN = 'zoneledger.test';

/** A mail as the server received it. */
interface ReceivedMail {
  readonly to: readonly string[];
  readonly receivedAt: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly subject: string;
  readonly text: string;
}

/** A mail server on 127.0.0.1 that keeps what it accepts and refuses what it is told to. */
class TestMailServer {
  readonly received: ReceivedMail[] = [];
  /** Refusals to make, per recipient: each refuses one message with 550. */
  readonly refusals = new Map<string, number>();
  refused = 0;
  private readonly server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((recipient) => recipient.address);
        const refuse = to.find((address) => (this.refusals.get(address) ?? 0) > 0);
        if (refuse) {
          this.refusals.set(refuse, (this.refusals.get(refuse) ?? 0) - 1);
          this.refused += 1;
          callback(
            Object.assign(new Error('5.7.1 Message refused by policy'), { responseCode: 550 }),
          );
          return;
        }
        this.received.push({ to, receivedAt: Date.now(), ...parseMail(Buffer.concat(chunks)) });
        callback(null, 'queued');
      });
    },
  });

  async start(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.server.address() as AddressInfo).port;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  to(address: string): ReceivedMail[] {
    return this.received.filter((mail) => mail.to.includes(address));
  }
}

describe('e-mail notifications', () => {
  const mailServer = new TestMailServer();
  let notifier: NotifierUnderTest;
  let analyst: ApiCall;

  beforeAll(async () => {
    const port = await mailServer.start();
    notifier = await startNotifier({
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      NOTIFIER_MAIL_FROM: `ZoneLedger <notify@${MAIL_DOMAIN}>`,
      NOTIFIER_DIGEST_INTERVAL_MS: String(DIGEST_INTERVAL_MS),
      NOTIFIER_RETRY_SCHEDULE: '0,300,300',
    });
    analyst = await notifier.caller('analyst-mail', 'analyst');
    // The intake is consuming once an event of its topics reaches the feed.
    const warmUp = zoneRegistered({ zoneId: `z-warm-${ids()}` });
    await notifier.publish(Topics.zones, [warmUp]);
    await feedHas(eventIdOf(warmUp));
  });
  afterAll(async () => {
    await notifier?.stop();
    await mailServer.stop();
  });

  const ids = () => randomUUID().slice(0, 8);
  const eventIdOf = (message: Message) => String(message.headers?.ce_id);
  const mailbox = (label: string) => `${label}-${ids()}@example.org`;

  const feedHas = (eventId: string) =>
    eventually(async () => {
      const rows = await notifier.dataSource.query(
        `select 1 from ${notifier.schema}.${NOTIFIABLE_EVENTS} where event_id = $1`,
        [eventId],
      );
      expect(rows).toHaveLength(1);
    });

  const subscribe = async (zoneId: string, address: string, mode: string): Promise<string> => {
    const response = await analyst('POST', '/v1/subscriptions', {
      filter: { zoneIds: [zoneId] },
      channel: { kind: 'CHANNEL_KIND_EMAIL', address, mode },
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { subscriptionId: string }).subscriptionId;
  };

  const deliveriesOf = async (subscriptionId: string) =>
    (await notifier.dataSource.query(
      `select notification_id, source_event_id, status, attempts, created_at
       from ${notifier.schema}.${DELIVERIES} where subscription_id = $1
       order by created_at, position`,
      [subscriptionId],
    )) as {
      notification_id: string;
      source_event_id: string;
      status: string;
      attempts: number;
      created_at: Date;
    }[];

  const attemptsOf = async (notificationId: string) =>
    (await notifier.dataSource.query(
      `select attempt, outcome, error, next_step, latency_ms, attempted_at
       from ${notifier.schema}.${DELIVERY_ATTEMPTS} where notification_id = $1 order by attempt`,
      [notificationId],
    )) as {
      attempt: number;
      outcome: string;
      error: string | null;
      next_step: string | null;
      latency_ms: number;
      attempted_at: Date;
    }[];

  // Early in a digest period, so that events published now are all recorded before it ends.
  const earlyInPeriod = () =>
    eventually(
      () =>
        expect(
          Date.now() - digestDue(new Date(), DIGEST_AT, DIGEST_INTERVAL_MS).getTime(),
        ).toBeLessThan(500),
      { timeoutMs: DIGEST_INTERVAL_MS + 1000, intervalMs: 10 },
    );

  // The scheduled digest round of a cut-off after `time` has gone through every subscription.
  const nextRoundAfter = (time: number) =>
    eventually(
      () =>
        expect(notifier.app.get(EmailDigest).completedThrough?.getTime() ?? 0).toBeGreaterThan(
          time,
        ),
      { timeoutMs: 3 * DIGEST_INTERVAL_MS },
    );

  const mailsTo = (address: string, count: number) =>
    eventually(
      () => {
        const mails = mailServer.to(address);
        expect(mails).toHaveLength(count);
        return mails;
      },
      // A refused digest goes out at the cut-off after the next: up to three periods.
      { timeoutMs: 4 * DIGEST_INTERVAL_MS },
    );

  it('mails an immediate subscription once per matching event, with its facts and CloudEvent', async () => {
    const zone = `z-${ids()}`;
    const address = mailbox('immediate');
    const subscriptionId = await subscribe(zone, address, 'EMAIL_MODE_IMMEDIATE');
    const registered = zoneRegistered({
      zoneId: zone,
      nameZh: '苏州工业园区',
      nameEn: 'Suzhou Industrial Park',
    });
    const roundId = `r-${ids()}`;
    const climbed = zoneRankChanged({
      roundId,
      zoneId: zone,
      rank: 9,
      previousRank: 12,
      streamVersion: 7,
    });
    await notifier.publish(Topics.zones, [zoneRegistered({ zoneId: `z-${ids()}` }), registered]);
    await notifier.publish(Topics.assessments, [climbed]);

    const mails = await mailsTo(address, 2);
    const bySubject = new Map(mails.map((mail) => [mail.subject, mail]));
    const registeredMail = bySubject.get(
      `[ZoneLedger] ZoneRegistered — 苏州工业园区 (zone-${zone})`,
    );
    const rankMail = bySubject.get(`[ZoneLedger] ZoneRankChanged — round-${roundId}`);
    expect([...bySubject.keys()]).toHaveLength(2);
    expect(registeredMail?.text).toContain(
      'Event: ZoneRegistered (zoneledger.zone.v1.ZoneRegistered)',
    );
    expect(registeredMail?.text).toContain(`Zone: ${zone} — 苏州工业园区 (Suzhou Industrial Park)`);
    expect(registeredMail?.text).toContain('Province: 江苏省');
    expect(registeredMail?.text).toContain(`Subject: zone-${zone}`);
    expect(rankMail?.text).toContain('Rank: 12 → 9 (up 3 places)');
    expect(rankMail?.text).toContain(`Zone: ${zone}`);
    // The CloudEvent a webhook receiver would get closes the mail.
    const rankText = rankMail?.text ?? '';
    const cloudEvent = JSON.parse(
      rankText.slice(rankText.indexOf('CloudEvent:\n') + 'CloudEvent:\n'.length),
    ) as Record<string, unknown>;
    expect(cloudEvent).toMatchObject({
      specversion: '1.0',
      id: eventIdOf(climbed),
      type: 'zoneledger.assessment.v1.ZoneRankChanged',
      data: { zoneId: zone, rank: 9, previousRank: 12 },
    });
    expect(registeredMail?.headers['message-id']).toBe(
      `<notification.${subscriptionId}.${eventIdOf(registered)}@${MAIL_DOMAIN}>`,
    );
    expect(registeredMail?.headers.from).toContain(`notify@${MAIL_DOMAIN}`);

    const rows = await eventually(async () => {
      const deliveries = await deliveriesOf(subscriptionId);
      expect(deliveries.map((row) => row.status)).toEqual(['delivered', 'delivered']);
      return deliveries;
    });
    for (const row of rows)
      expect(await attemptsOf(row.notification_id)).toEqual([
        expect.objectContaining({ attempt: 1, outcome: 'delivered', error: null }),
      ]);
    expect(mailServer.to(address)).toHaveLength(2);
  });

  it('mails one notification once when the same source event arrives twice', async () => {
    const zone = `z-${ids()}`;
    const address = mailbox('twice');
    const subscriptionId = await subscribe(zone, address, 'EMAIL_MODE_IMMEDIATE');
    const registered = zoneRegistered({ zoneId: zone });
    const renamed = zoneEvent(zone, 2, 'ZoneRenamed', { zoneId: zone, nameZh: '新名字' });
    await notifier.publish(Topics.zones, [registered]);
    // The copy, then a later event of the zone: one partition keeps their order, so once the
    // later one is mailed, the copy has been handled.
    await notifier.publish(Topics.zones, [registered, renamed]);
    const mails = await mailsTo(address, 2);
    expect(mails.map((mail) => mail.headers['x-zoneledger-notification-id']).sort()).toEqual(
      [
        `${subscriptionId}:${eventIdOf(registered)}`,
        `${subscriptionId}:${eventIdOf(renamed)}`,
      ].sort(),
    );
    expect(mails.map((mail) => mail.subject)).toContain(
      `[ZoneLedger] ZoneRenamed — 新名字 (zone-${zone})`,
    );
    expect(await deliveriesOf(subscriptionId)).toHaveLength(2);
  });

  it('tries a mail the server refused again on the retry schedule, recording both attempts', async () => {
    const zone = `z-${ids()}`;
    const address = mailbox('refused');
    mailServer.refusals.set(address, 1);
    const subscriptionId = await subscribe(zone, address, 'EMAIL_MODE_IMMEDIATE');
    const registered = zoneRegistered({ zoneId: zone });
    const refusedBefore = mailServer.refused;
    await notifier.publish(Topics.zones, [registered]);

    const [mail] = await mailsTo(address, 1);
    expect(mailServer.refused).toBe(refusedBefore + 1);
    expect(mail.headers['x-zoneledger-subscription-id']).toBe(subscriptionId);
    const notificationId = `${subscriptionId}:${eventIdOf(registered)}`;
    const attempts = await eventually(async () => {
      const rows = await attemptsOf(notificationId);
      expect(rows).toHaveLength(2);
      return rows;
    });
    expect(attempts[0]).toMatchObject({
      attempt: 1,
      outcome: 'failed',
      next_step: 'NEXT_STEP_RETRY',
    });
    expect(attempts[0].error).toContain('550');
    expect(attempts[0].error).toContain('refused by policy');
    expect(attempts[1]).toMatchObject({ attempt: 2, outcome: 'delivered', error: null });
    const failure = await notifier.dataSource.query(
      `select data from ${notifier.schema}.events
       where stream_id = $1 and event_type = 'NotificationFailed'`,
      [`notification-${notificationId}`],
    );
    expect(failure[0].data).toMatchObject({ failure: 'FAILURE_KIND_EMAIL_REJECTED' });
    expect((await deliveriesOf(subscriptionId))[0]).toMatchObject({
      status: 'delivered',
      attempts: 2,
    });
  });

  it('mails a digest subscription one digest of every event of the period, after it ends', async () => {
    const zone = `z-${ids()}`;
    const address = mailbox('digest');
    const subscriptionId = await subscribe(zone, address, 'EMAIL_MODE_DAILY_DIGEST');
    const digestAt = DIGEST_AT;
    await earlyInPeriod();
    const events = [
      zoneRegistered({ zoneId: zone, nameZh: '南京经济技术开发区' }),
      zoneEvent(zone, 2, 'ZoneRenamed', { zoneId: zone, nameZh: '南京经开区' }),
      zoneEvent(zone, 3, 'ZoneIndustryFocusSet', { zoneId: zone, industryFocus: ['半导体'] }),
    ];
    await notifier.publish(Topics.zones, events);

    const rows = await eventually(async () => {
      const deliveries = await deliveriesOf(subscriptionId);
      expect(deliveries).toHaveLength(3);
      return deliveries;
    });
    const cutoffs = rows.map((row) =>
      digestDue(new Date(row.created_at), digestAt, DIGEST_INTERVAL_MS).getTime(),
    );
    expect(new Set(cutoffs).size).toBe(1);
    const periodEnd = cutoffs[0] + DIGEST_INTERVAL_MS;
    // Nothing before the period ends.
    expect(Date.now()).toBeLessThan(periodEnd);
    expect(mailServer.to(address)).toHaveLength(0);

    const [digest] = await mailsTo(address, 1);
    // The period's own cut-off, or a later one when the round at it was still busy: rows left
    // over are taken by the next round, which names its own cut-off.
    const sentUntil = Date.parse(String(digest.headers['x-zoneledger-digest-until']));
    expect(sentUntil).toBeGreaterThanOrEqual(periodEnd);
    expect((sentUntil - periodEnd) % DIGEST_INTERVAL_MS).toBe(0);
    expect(digest.receivedAt).toBeGreaterThanOrEqual(sentUntil);
    const until = new Date(sentUntil).toISOString().slice(0, 16).replace('T', ' ');
    expect(digest.subject).toBe(`[ZoneLedger] Digest: 3 notifications until ${until} UTC`);
    const positions = [
      digest.text.indexOf(`1. ZoneRegistered — 南京经济技术开发区 (zone-${zone})`),
      digest.text.indexOf(`2. ZoneRenamed — 南京经开区 (zone-${zone})`),
      digest.text.indexOf(`3. ZoneIndustryFocusSet — zone-${zone}`),
    ];
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    for (const event of events) expect(digest.text).toContain(`"id":"${eventIdOf(event)}"`);
    expect(digest.headers['message-id']).toBe(
      `<digest.${subscriptionId}.${sentUntil}@${MAIL_DOMAIN}>`,
    );

    await eventually(async () => {
      const deliveries = await deliveriesOf(subscriptionId);
      expect(deliveries.map((row) => [row.status, row.attempts])).toEqual([
        ['delivered', 1],
        ['delivered', 1],
        ['delivered', 1],
      ]);
    });
    // Delivered rows are no longer pending: the next period's digest has nothing to repeat.
    await nextRoundAfter(periodEnd);
    expect(mailServer.to(address)).toHaveLength(1);
  });

  it('puts the notifications of a digest the server refused in a later digest', async () => {
    const zone = `z-${ids()}`;
    const address = mailbox('digest-refused');
    mailServer.refusals.set(address, 1);
    const subscriptionId = await subscribe(zone, address, 'EMAIL_MODE_DAILY_DIGEST');
    await earlyInPeriod();
    const refusedBefore = mailServer.refused;
    const events = [
      zoneRegistered({ zoneId: zone }),
      zoneEvent(zone, 2, 'ZoneRenamed', { zoneId: zone, nameZh: '再试一次' }),
    ];
    await notifier.publish(Topics.zones, events);
    // Counted from the deliveries' creation: how long the intake takes on a loaded machine (a
    // consumer held up by a rebalance) is not what this test is about, the digest's retry is.
    await eventually(
      async () => expect(await deliveriesOf(subscriptionId)).toHaveLength(events.length),
      { timeoutMs: 4 * DIGEST_INTERVAL_MS },
    );

    const [digest] = await mailsTo(address, 1);
    expect(mailServer.refused).toBe(refusedBefore + 1);
    expect(digest.subject).toMatch(/^\[ZoneLedger\] Digest: 2 notifications until /);
    for (const event of events) expect(digest.text).toContain(`"id":"${eventIdOf(event)}"`);
    const sentUntil = Date.parse(digest.headers['x-zoneledger-digest-until']);
    for (const event of events) {
      const attempts = await eventually(async () => {
        const rows = await attemptsOf(`${subscriptionId}:${eventIdOf(event)}`);
        expect(rows).toHaveLength(2);
        return rows;
      });
      expect(attempts[0]).toMatchObject({
        attempt: 1,
        outcome: 'failed',
        next_step: 'NEXT_STEP_RETRY',
      });
      expect(attempts[0].error).toContain('550');
      expect(attempts[1]).toMatchObject({ attempt: 2, outcome: 'delivered' });
      // Refused at one cut-off, delivered at a later one.
      expect(attempts[0].attempted_at.getTime()).toBeLessThan(sentUntil);
    }
    expect((await deliveriesOf(subscriptionId)).map((row) => [row.status, row.attempts])).toEqual([
      ['delivered', 2],
      ['delivered', 2],
    ]);
  });

  it('sends a digest once when rounds of it run at the same time', async () => {
    const zone = `z-${ids()}`;
    const address = mailbox('once');
    const subscriptionId = await subscribe(zone, address, 'EMAIL_MODE_DAILY_DIGEST');
    const events = [
      zoneRegistered({ zoneId: zone }),
      zoneEvent(zone, 2, 'ZoneRenamed', { zoneId: zone, nameZh: '改名' }),
    ];
    await notifier.publish(Topics.zones, events);
    const rows = await eventually(async () => {
      const deliveries = await deliveriesOf(subscriptionId);
      expect(deliveries).toHaveLength(2);
      return deliveries;
    });
    // Three rounds of a cut-off after the rows, at once (as three instances would run them):
    // one claims the subscription's digest, the others find it taken; with the scheduled round
    // at the period's end, still one mail.
    const cutoff = new Date(Math.max(...rows.map((row) => new Date(row.created_at).getTime())) + 1);
    const digest = notifier.app.get(EmailDigest);
    await Promise.all([1, 2, 3].map(() => digest.sendDigests(cutoff)));
    const [mail] = await mailsTo(address, 1);
    expect(mail.subject).toMatch(/^\[ZoneLedger\] Digest: 2 notifications until /);
    await eventually(async () => {
      const deliveries = await deliveriesOf(subscriptionId);
      expect(deliveries.map((row) => row.status)).toEqual(['delivered', 'delivered']);
    });
    // The scheduled round of the period the rows belong to has been through them too.
    await nextRoundAfter(cutoff.getTime());
    expect(mailServer.to(address)).toHaveLength(1);
  });
});

// A mail's raw text read as far as these tests need: unfolded headers (names in lower case), the
// subject's encoded words decoded, the single text body's transfer encoding undone.
function parseMail(raw: Buffer): Omit<ReceivedMail, 'to' | 'receivedAt'> {
  const source = raw.toString('utf8');
  const split = source.indexOf('\r\n\r\n');
  const head = source.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const body = source.slice(split + 4);
  const encoding = (headers['content-transfer-encoding'] ?? '').toLowerCase();
  const text =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? quotedPrintable(body.replace(/=\r\n/g, '')).toString('utf8')
        : body;
  return {
    headers,
    subject: decodeWords(headers.subject ?? ''),
    text: text.replace(/\r\n/g, '\n'),
  };
}

function quotedPrintable(text: string): Buffer {
  const bytes: number[] = [];
  for (let index = 0; index < text.length; index += 1) {
    if (text[index] === '=' && /^[0-9A-Fa-f]{2}$/.test(text.slice(index + 1, index + 3))) {
      bytes.push(parseInt(text.slice(index + 1, index + 3), 16));
      index += 2;
    } else bytes.push(...Buffer.from(text[index], 'utf8'));
  }
  return Buffer.from(bytes);
}

// RFC 2047 encoded words ("=?UTF-8?Q?...?=", "=?UTF-8?B?...?="); adjacent ones are one text, and
// a character may be split between them, so their bytes are joined before decoding.
function decodeWords(value: string): string {
  const joined = value.replace(/\?=\s+=\?/g, '?==?');
  const parts: Buffer[] = [];
  let last = 0;
  for (const match of joined.matchAll(/=\?[^?]+\?([QqBb])\?([^?]*)\?=/g)) {
    parts.push(Buffer.from(joined.slice(last, match.index), 'utf8'));
    const [, kind, encoded] = match;
    parts.push(
      kind.toUpperCase() === 'B'
        ? Buffer.from(encoded, 'base64')
        : quotedPrintable(encoded.replace(/_/g, ' ')),
    );
    last = (match.index ?? 0) + match[0].length;
  }
  parts.push(Buffer.from(joined.slice(last), 'utf8'));
  return Buffer.concat(parts).toString('utf8');
}
