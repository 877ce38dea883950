import { Topics } from '@zoneledger/contracts';
import { zoneEvent, zoneRankChanged, zoneRegistered } from '@zoneledger/service-testing';
import { EventSource } from 'eventsource';
import type { Message } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import type { QueryRunner } from 'typeorm';
import { eventually } from '@zoneledger/testing';
import { FEED_CHANNEL, NOTIFIABLE_EVENTS } from '../src/delivery/delivery-tables';
import {
  NOTIFIABLE_EVENT_TYPES,
  notifiableCeType,
  notificationFacts,
  type NotifiableEventType,
} from '../src/domain';
import { comparePositions, parsePosition, type FeedPosition } from '../src/stream/feed-position';
import { PostgresListener } from '../src/application/postgres-listener';
import { FeedPruner } from '../src/stream/feed-pruner';
import { MAX_STREAMS_PER_CALLER, StreamHub } from '../src/stream/stream-hub';
import { startNotifier, type NotifierUnderTest } from './notifier.harness';

// GET /v1/stream against a notifier of its own, read by real EventSource clients (the
// `eventsource` package): zone and assessment events published on Kafka reach them through the
// intake's feed; where a test needs to control the feed's transactions or ages, it adds rows as
// the intake does (a row with its CloudEvent and facts, then NOTIFY on the feed's channel).

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;

/** An event as a client received it. */
interface Received {
  readonly id: string;
  readonly type: string;
  readonly data: Loose;
}

/** A connected EventSource and what it received, in order. */
interface Client {
  readonly received: Received[];
  /** The feed events received (not the stream's own ready and gap). */
  readonly events: () => Received[];
  readonly source: EventSource;
  readonly opened: Promise<Received>;
  close(): void;
}

/** A feed row as added: its event id (the stream's id) and its CloudEvent id. */
interface Added {
  readonly id: string;
  readonly eventId: string;
}

let counter = 0;
const zone = (label: string) => `sse-${label}-${process.pid}-${(counter += 1)}`;

describe('the live stream (GET /v1/stream)', () => {
  let notifier: NotifierUnderTest;
  const clients: Client[] = [];

  beforeAll(async () => {
    notifier = await startNotifier();
    // The intake is consuming once an event of its topics reaches the feed.
    await feedIdOf(await publishZone(zoneRegistered({ zoneId: zone('warm-up') })));
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });
  afterAll(async () => {
    await notifier?.stop();
  });

  const eventIdOf = (message: Message) => String(message.headers?.ce_id);

  /** Publishes zone events on the zones topic as the registry's relay; answers their ids. */
  const publishZone = async (...messages: Message[]) => {
    await notifier.publish(Topics.zones, messages);
    return messages.map(eventIdOf)[0];
  };

  /** The stream id (feed position) of an event once the intake has added it to the feed. */
  const feedIdOf = (eventId: string, on: NotifierUnderTest = notifier) =>
    eventually(async () => {
      const rows: { id: string }[] = await on.dataSource.query(
        `select tx::text || '-' || seq as id from ${NOTIFIABLE_EVENTS} where event_id = $1`,
        [eventId],
      );
      expect(rows).toHaveLength(1);
      return rows[0].id;
    });

  const renamedEvent = (zoneId: string, version: number) =>
    zoneEvent(zoneId, version, 'ZoneRenamed', {
      zoneId,
      nameZh: `新开发区${version}`,
      nameEn: `Renamed ${version}`,
    });

  const rankChanged = (zoneId: string, rank: number, previousRank: number) => {
    const roundId = `round-${zone('r')}`;
    return zoneRankChanged({ roundId, zoneId, rank, previousRank, streamVersion: 12 });
  };

  /** Waits until every stream of the notifier has read the feed since now. */
  const streamsCaughtUp = () => notifier.app.get(StreamHub).caughtUp();

  /** Opens an EventSource on /v1/stream with the query, as the holder of `token`. */
  const connect = (
    query: string,
    options: { token?: string; lastEventId?: string; on?: NotifierUnderTest } = {},
  ): Client => {
    const on = options.on ?? notifier;
    const token = options.token ?? on.tokens.analyst;
    const { lastEventId } = options;
    const received: Received[] = [];
    const source = new EventSource(`${on.baseUrl}/v1/stream?${query}`, {
      fetch: (input, init) =>
        fetch(input, {
          ...init,
          headers: {
            ...init?.headers,
            authorization: `Bearer ${token}`,
            // The first connection resumes as asked; EventSource sends its own on reconnecting.
            ...(lastEventId && !init?.headers?.['Last-Event-ID']
              ? { 'Last-Event-ID': lastEventId }
              : {}),
          },
        }),
    });
    let settled = false;
    const opened = new Promise<Received>((resolve, reject) => {
      source.addEventListener('error', (error) => {
        if (!settled) reject(new Error(`the stream did not open: ${JSON.stringify(error)}`));
        settled = true;
      });
      for (const type of [...NOTIFIABLE_EVENT_TYPES, 'ready', 'gap'])
        source.addEventListener(type, (event) => {
          const got = { id: event.lastEventId, type, data: JSON.parse(event.data) as Loose };
          received.push(got);
          if ((type === 'ready' || type === 'gap') && !settled) {
            settled = true;
            resolve(got);
          }
        });
    });
    // A test that never awaits it must not fail for it.
    opened.catch(() => undefined);
    const client = {
      received,
      events: () => received.filter(({ type }) => type !== 'ready' && type !== 'gap'),
      source,
      opened,
      close: () => source.close(),
    };
    clients.push(client);
    return client;
  };

  /** Adds a feed row as the intake does (NOTIFY included), in `runner`'s transaction if given. */
  const addRow = async (
    type: NotifiableEventType,
    data: Loose,
    {
      runner,
      recordedAgoMs,
      on = notifier,
    }: { runner?: QueryRunner; recordedAgoMs?: number; on?: NotifierUnderTest } = {},
  ): Promise<Added> => {
    const eventId = randomUUID();
    const subject = `zone-${String(data.zoneId ?? data.survivingZoneId)}`;
    const facts = notificationFacts(type, data);
    const cloudEvent = {
      specversion: '1.0',
      id: eventId,
      source: '/zoneledger/zone-registry',
      type: notifiableCeType(type),
      subject,
      time: new Date().toISOString(),
      datacontenttype: 'application/json',
      streamversion: '1',
      data,
    };
    const query = (sql: string, values: unknown[]) =>
      runner ? runner.query(sql, values) : on.dataSource.query(sql, values);
    const [{ id }]: { id: string }[] = await query(
      `with added as (
         insert into ${NOTIFIABLE_EVENTS}
           (event_id, event_type, subject, stream_version, event_time, facts, cloud_event, recorded_at)
         values ($1, $2, $3, 1, now(), $4, $5, now() - $6 * interval '1 millisecond')
         returning tx, seq)
       select tx::text || '-' || seq as id, pg_notify($7, tx::text || '-' || seq) from added`,
      [
        eventId,
        cloudEvent.type,
        subject,
        JSON.stringify(facts),
        JSON.stringify(cloudEvent),
        recordedAgoMs ?? 0,
        FEED_CHANNEL,
      ],
    );
    return { id, eventId };
  };

  const renamed = (zoneId: string, on?: NotifierUnderTest) =>
    addRow('ZoneRenamed', { zoneId, nameZh: `新${zoneId}`, nameEn: `New ${zoneId}` }, { on });

  const idsOf = (received: readonly Received[]) => received.map(({ id }) => id);

  it('sends the events of Kafka its filter matches, each as id, event type and CloudEvent, and no others', async () => {
    const [wanted, other] = [zone('wanted'), zone('other')];
    const client = connect(
      `zoneIds=${wanted}&eventTypes=ZoneRegistered,ZoneRenamed,ZoneRankChanged`,
    );
    const ready = await client.opened;
    expect(ready.type).toBe('ready');
    expect(ready.id).toMatch(/^\d+-0$/);

    const zones = [
      zoneRegistered({ zoneId: other }),
      zoneRegistered({ zoneId: wanted }),
      renamedEvent(wanted, 2),
      zoneEvent(wanted, 3, 'ZoneExited', { zoneId: wanted, basisPolicyId: 'p-exit' }),
      renamedEvent(other, 2),
    ];
    const ranks = [rankChanged(wanted, 3, 8), rankChanged(other, 3, 8)];
    await notifier.publish(Topics.zones, zones);
    await notifier.publish(Topics.assessments, ranks);
    const ids = new Map<string, string>();
    for (const message of [...zones, ...ranks])
      ids.set(eventIdOf(message), await feedIdOf(eventIdOf(message)));
    // Recorded after all of them, so after them in the feed: once it has come, so has every one.
    const last = await feedIdOf(await publishZone(renamedEvent(wanted, 4)));
    const wantedIds = [zones[1], zones[2], ranks[0]].map((message) => ids.get(eventIdOf(message)));
    await eventually(() => expect(idsOf(client.events())).toContain(last));

    const events = client.events();
    expect(idsOf(events).slice(0, -1).sort()).toEqual([...wantedIds].sort());
    // In the feed's order, whatever the topics' interleaving.
    expect(idsOf(events)).toEqual(
      [...idsOf(events)].sort((a, b) =>
        comparePositions(parsePosition(a) as FeedPosition, parsePosition(b) as FeedPosition),
      ),
    );
    const registered = events.find(({ type }) => type === 'ZoneRegistered');
    expect(registered?.data).toMatchObject({
      specversion: '1.0',
      id: eventIdOf(zones[1]),
      type: 'zoneledger.zone.v1.ZoneRegistered',
      subject: `zone-${wanted}`,
      datacontenttype: 'application/json',
      data: { zoneId: wanted, province: '江苏省' },
    });
    expect(events.find(({ type }) => type === 'ZoneRankChanged')?.data).toMatchObject({
      id: eventIdOf(ranks[0]),
      type: 'zoneledger.assessment.v1.ZoneRankChanged',
      data: { zoneId: wanted, delta: -5 },
    });
  });

  it('sends the event types of the thresholds asked: a rank moved down by at least 5 places', async () => {
    const zoneId = zone('rank');
    const client = connect(`zoneIds=${zoneId}&minRankChange=5&rankDirection=CHANGE_DIRECTION_DOWN`);
    await client.opened;
    const rank = (delta: number) =>
      addRow('ZoneRankChanged', { zoneId, rank: 10, previousRank: 10 - delta, delta });
    await rank(-7); // climbed
    await rank(3); // too little
    const down = await rank(6);
    await eventually(() => expect(idsOf(client.events())).toEqual([down.id]));
  });

  it('resumes after Last-Event-ID with exactly the events missed, in order, none twice', async () => {
    const zoneId = zone('resume');
    const first = connect(`zoneIds=${zoneId}`);
    await first.opened;
    const before = await feedIdOf(await publishZone(zoneRegistered({ zoneId })));
    await eventually(() => expect(idsOf(first.events())).toEqual([before]));
    first.close();

    // While no client listens: two of its events and another zone's.
    const missed = [
      renamedEvent(zoneId, 2),
      zoneRegistered({ zoneId: zone('elsewhere') }),
      renamedEvent(zoneId, 3),
    ];
    await notifier.publish(Topics.zones, missed);
    const missedIds = [await feedIdOf(eventIdOf(missed[0])), await feedIdOf(eventIdOf(missed[2]))];

    const second = connect(`zoneIds=${zoneId}`, { lastEventId: before });
    const ready = await second.opened;
    expect(ready).toMatchObject({ type: 'ready', id: before });
    await eventually(() => expect(idsOf(second.events())).toEqual(missedIds));
    const live = await feedIdOf(await publishZone(renamedEvent(zoneId, 4)));
    await eventually(() => expect(idsOf(second.events())).toContain(live));
    expect(idsOf(second.events())).toEqual([...missedIds, live]);
    expect(second.received.filter(({ type }) => type === 'gap')).toEqual([]);
  });

  it('reconnects by itself when its stream ends, and misses nothing meanwhile (EventSource sends Last-Event-ID)', async () => {
    const zoneId = zone('reconnect');
    const client = connect(`zoneIds=${zoneId}`);
    await client.opened;
    const first = await feedIdOf(await publishZone(zoneRegistered({ zoneId })));
    await eventually(() => expect(idsOf(client.events())).toEqual([first]));

    // The server ends the stream (as a restart would); events come before the client is back.
    notifier.app.get(StreamHub).endAll();
    const meanwhile = [renamedEvent(zoneId, 2), renamedEvent(zoneId, 3)];
    await notifier.publish(Topics.zones, meanwhile);
    const missed = [
      await feedIdOf(eventIdOf(meanwhile[0])),
      await feedIdOf(eventIdOf(meanwhile[1])),
    ];
    await eventually(
      () => expect(client.received.filter(({ type }) => type === 'ready')).toHaveLength(2),
      { timeoutMs: 20_000 },
    );
    // The second ready is where the first stream left off: its last event.
    expect(client.received.filter(({ type }) => type === 'ready')[1].id).toBe(first);
    const last = await feedIdOf(await publishZone(renamedEvent(zoneId, 4)));
    await eventually(() => expect(idsOf(client.events())).toContain(last));
    expect(idsOf(client.events())).toEqual([first, ...missed, last]);
  });

  it('resumes from the lastEventId parameter, and from its ready event when nothing came yet', async () => {
    const zoneId = zone('param');
    const quiet = connect(`zoneIds=${zoneId}`);
    const ready = await quiet.opened;
    quiet.close();
    const missed = await renamed(zoneId);

    const resumed = connect(`zoneIds=${zoneId}&lastEventId=${ready.id}`);
    await eventually(() => expect(idsOf(resumed.events())).toEqual([missed.id]));
  });

  it('follows a zone merged away to its survivor, whether the merger came before or during the stream', async () => {
    const [absorbed, survivor, bystander] = [zone('absorbed'), zone('survivor'), zone('by')];
    const during = connect(`zoneIds=${absorbed}`);
    await during.opened;
    const registrations = [
      zoneRegistered({ zoneId: absorbed }),
      zoneRegistered({ zoneId: survivor }),
    ];
    await notifier.publish(Topics.zones, registrations);
    const [absorbedRegistered, survivorRegistered] = [
      await feedIdOf(eventIdOf(registrations[0])),
      await feedIdOf(eventIdOf(registrations[1])),
    ];
    const merger = await feedIdOf(
      await publishZone(
        zoneEvent(survivor, 2, 'ZonesMerged', {
          mergerId: `m-${zone('merger')}`,
          survivingZoneId: survivor,
          absorbedZoneIds: [absorbed],
        }),
      ),
    );
    await eventually(() => expect(idsOf(during.events())).toEqual([absorbedRegistered, merger]));
    const after = await feedIdOf(
      await publishZone(renamedEvent(survivor, 3), zoneRegistered({ zoneId: bystander })),
    );
    await eventually(() =>
      expect(idsOf(during.events())).toEqual([absorbedRegistered, merger, after]),
    );
    expect(idsOf(during.events())).not.toContain(survivorRegistered);

    // A stream opened after the merger follows the survivor from the start.
    const later = connect(`zoneIds=${absorbed}`);
    await later.opened;
    const next = await feedIdOf(await publishZone(renamedEvent(survivor, 4)));
    await eventually(() => expect(idsOf(later.events())).toEqual([next]));
  });

  it('delivers rows of transactions that commit out of order: the later-committed first in the order is not skipped', async () => {
    const zoneId = zone('gap');
    const client = connect(`zoneIds=${zoneId}`);
    await client.opened;
    const slow = notifier.dataSource.createQueryRunner();
    const fast = notifier.dataSource.createQueryRunner();
    try {
      await slow.startTransaction();
      const early = await addRow(
        'ZoneRenamed',
        { zoneId, nameZh: 'early', nameEn: 'early' },
        {
          runner: slow,
        },
      );
      await fast.startTransaction();
      const late = await addRow(
        'ZoneRenamed',
        { zoneId, nameZh: 'late', nameEn: 'late' },
        {
          runner: fast,
        },
      );
      await fast.commitTransaction();
      // The stream has read the feed since the second row committed (and been notified of it):
      // it must not have sent it ahead of the first, still uncommitted.
      await streamsCaughtUp();
      expect(client.events()).toEqual([]);
      await slow.commitTransaction();
      await eventually(() => expect(idsOf(client.events())).toEqual([early.id, late.id]));
    } finally {
      if (slow.isTransactionActive) await slow.rollbackTransaction();
      if (fast.isTransactionActive) await fast.rollbackTransaction();
      await slow.release();
      await fast.release();
    }
  });

  it("streams a subscription's saved filter, its owner's or (for ops) anyone's; not another analyst's", async () => {
    const zoneId = zone('saved');
    const subscribe = await notifier.as('analyst')('POST', '/v1/subscriptions', {
      filter: { zoneIds: [zoneId] },
      channel: { kind: 'CHANNEL_KIND_SSE' },
    });
    expect(subscribe.status).toBe(201);
    const { subscriptionId } = (await subscribe.json()) as { subscriptionId: string };

    const own = connect(`subscriptionId=${subscriptionId}`);
    const operator = connect(`subscriptionId=${subscriptionId}`, { token: notifier.tokens.ops });
    // The saved filter narrowed by the query's criteria: both must match.
    const narrowed = connect(`subscriptionId=${subscriptionId}&eventTypes=ZoneRenamed`);
    await Promise.all([own.opened, operator.opened, narrowed.opened]);
    const published = [
      zoneRegistered({ zoneId: zone('unrelated') }),
      zoneRegistered({ zoneId }),
      renamedEvent(zoneId, 2),
    ];
    await notifier.publish(Topics.zones, published);
    const [registered, renamed] = [
      await feedIdOf(eventIdOf(published[1])),
      await feedIdOf(eventIdOf(published[2])),
    ];
    await feedIdOf(eventIdOf(published[0]));
    const last = await feedIdOf(await publishZone(renamedEvent(zoneId, 3)));
    await eventually(() => {
      expect(idsOf(own.events())).toEqual([registered, renamed, last]);
      expect(idsOf(operator.events())).toEqual([registered, renamed, last]);
      expect(idsOf(narrowed.events())).toEqual([renamed, last]);
    });

    const other = await notifier.caller('another-analyst', 'analyst');
    const refused = await other('GET', `/v1/stream?subscriptionId=${subscriptionId}`);
    expect(refused.status).toBe(404);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await refused.json()).toMatchObject({ code: 'NOTIFIER.NOT_FOUND' });
    const none = await other('GET', `/v1/stream?subscriptionId=${randomUUID()}`);
    expect(none.status).toBe(404);
    expect(await none.json()).toMatchObject({ code: 'NOTIFIER.NOT_FOUND' });

    expect(
      (await notifier.as('analyst')('DELETE', `/v1/subscriptions/${subscriptionId}`)).status,
    ).toBe(200);
    const cancelled = await notifier.as('analyst')(
      'GET',
      `/v1/stream?subscriptionId=${subscriptionId}`,
    );
    expect(cancelled.status).toBe(422);
    expect(await cancelled.json()).toMatchObject({ code: 'NOTIFIER.CANCELLED' });
  });

  it.each([
    ['eventTypes=ZoneVanished', 'NOTIFIER.UNKNOWN_EVENT_TYPE'],
    ['provinces=Atlantis', 'NOTIFIER.UNKNOWN_PROVINCE'],
    ['zoneIds=Not%20A%20Zone', 'NOTIFIER.INVALID_FILTER_VALUE'],
    ['regions=REGION_NORTH', 'NOTIFIER.INVALID_FILTER_VALUE'],
    ['zoneKinds=ZONE_KIND_ETDZ,,ZONE_KIND_HTZ', 'VALIDATION.FAILED'],
    ['eventTypes=', 'VALIDATION.FAILED'],
    ['minRankChange=-1', 'VALIDATION.FAILED'],
    ['minRankChange=2.5', 'VALIDATION.FAILED'],
    ['minScoreChange=1e3', 'VALIDATION.FAILED'],
    ['rankDirection=CHANGE_DIRECTION_UP', 'VALIDATION.FAILED'],
    [`subscriptionId=${randomUUID()}&eventTypes=ZoneVanished`, 'NOTIFIER.UNKNOWN_EVENT_TYPE'],
    ['minScoreChange=2&scoreDirection=SIDEWAYS', 'VALIDATION.FAILED'],
    ['subscriptionId=42', 'VALIDATION.FAILED'],
    ['lastEventId=yesterday', 'VALIDATION.FAILED'],
    ['zoneIds[]=a-zone', 'VALIDATION.FAILED'],
    ['unknown=1', 'VALIDATION.FAILED'],
  ])('refuses %s with 400 problem+json (%s) before streaming', async (query, code) => {
    const response = await notifier.as('analyst')('GET', `/v1/stream?${query}`);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({ status: 400, code });
  });

  it('refuses a malformed Last-Event-ID with 400, and callers without the role with 403', async () => {
    for (const lastEventId of ['yesterday', '12', '1-2-3', '99999999999999999999-1']) {
      const response = await notifier.as('analyst')('GET', '/v1/stream', undefined, {
        'last-event-id': lastEventId,
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ code: 'REQUEST.INVALID_LAST_EVENT_ID' });
    }
    const forbidden = await notifier.as('zone-admin')('GET', '/v1/stream');
    expect(forbidden.status).toBe(403);
  });

  it('keeps streaming when the feed listener loses its connection', async () => {
    const zoneId = zone('relisten');
    const client = connect(`zoneIds=${zoneId}`);
    await client.opened;
    const terminated: unknown[] = await notifier.dataSource.query(
      `select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1`,
      [`${notifier.schema}-listener`],
    );
    expect(terminated).toHaveLength(1);
    const next = await feedIdOf(await publishZone(zoneRegistered({ zoneId })));
    await eventually(() => expect(idsOf(client.events())).toEqual([next]));
    await eventually(() => expect(notifier.app.get(PostgresListener).listening).toBe(true));
    const after = await feedIdOf(await publishZone(renamedEvent(zoneId, 2)));
    await eventually(() => expect(idsOf(client.events())).toEqual([next, after]));
  });

  it('starts now, after a gap event, for a Last-Event-ID ahead of the feed (another deployment)', async () => {
    const zoneId = zone('ahead');
    const client = connect(`zoneIds=${zoneId}`, { lastEventId: '9223372036854775807-1' });
    const gap = await client.opened;
    expect(gap).toMatchObject({ type: 'gap', data: { lastEventId: '9223372036854775807-1' } });
    expect(gap.id).toMatch(/^\d+-0$/);
    const live = await feedIdOf(await publishZone(zoneRegistered({ zoneId })));
    await eventually(() => expect(idsOf(client.events())).toEqual([live]));
  });

  it('is in the API document: its query parameters, Last-Event-ID and a 200 text/event-stream', async () => {
    const document = (await (await notifier.as('analyst')('GET', '/docs-json')).json()) as Loose;
    const operation = document.paths['/v1/stream'].get;
    const parameters = new Map<string, Loose>(
      operation.parameters.map((parameter: Loose) => [parameter.name, parameter]),
    );
    for (const name of [
      'eventTypes',
      'zoneIds',
      'provinces',
      'regions',
      'zoneKinds',
      'themes',
      'issuers',
      'minRankChange',
      'rankDirection',
      'minScoreChange',
      'scoreDirection',
      'subscriptionId',
      'lastEventId',
    ])
      expect(parameters.get(name)).toMatchObject({ in: 'query', required: false });
    expect(parameters.get('eventTypes')?.schema).toMatchObject({
      type: 'array',
      items: { enum: expect.arrayContaining(['ZoneRankChanged']) },
    });
    expect(parameters.get('Last-Event-ID')).toMatchObject({ in: 'header', required: false });
    expect(Object.keys(operation.responses[200].content)).toEqual(['text/event-stream']);
    expect(Object.keys(operation.responses)).toEqual(
      expect.arrayContaining(['400', '401', '403', '404', '429']),
    );
  });

  it(`holds at most ${MAX_STREAMS_PER_CALLER} streams per caller: 429 beyond, until one closes`, async () => {
    const token = notifier.tokens.ops;
    // The streams of earlier tests are gone (their clients closed them).
    await eventually(() => expect(notifier.app.get(StreamHub).size).toBe(0));
    const aborts: AbortController[] = [];
    const open = async () => {
      const abort = new AbortController();
      aborts.push(abort);
      return fetch(`${notifier.baseUrl}/v1/stream?eventTypes=ZoneRenamed`, {
        headers: { authorization: `Bearer ${token}` },
        signal: abort.signal,
      });
    };
    try {
      // A HEAD request is answered at once and holds no stream (all five below open).
      const head = await fetch(`${notifier.baseUrl}/v1/stream`, {
        method: 'HEAD',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(head.status).toBe(200);
      expect(head.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      for (let i = 0; i < MAX_STREAMS_PER_CALLER; i += 1) {
        const response = await open();
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
        expect(response.headers.get('cache-control')).toBe('no-cache, no-store');
        if (i === 0) {
          // The reconnection hint, then where the stream starts.
          const reader = (response.body as ReadableStream<Uint8Array>).getReader();
          let head = '';
          while (!head.includes('\n\n')) {
            const { value } = await reader.read();
            head += new TextDecoder().decode(value);
          }
          expect(head).toMatch(
            /^retry: 2000\nid: \d+-0\nevent: ready\ndata: \{"resumesAfter":"\d+-0"\}\n\n/,
          );
          reader.releaseLock();
        }
      }
      const refused = await open();
      expect(refused.status).toBe(429);
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await refused.json()).toMatchObject({ code: 'STREAM.TOO_MANY', limit: 5 });

      aborts[0].abort();
      await eventually(async () => {
        const again = await open();
        expect(again.status).toBe(200);
      });
    } finally {
      for (const abort of aborts) abort.abort();
    }
  });

  describe('with a short retention', () => {
    let short: NotifierUnderTest;

    beforeAll(async () => {
      short = await startNotifier({ NOTIFIER_STREAM_RETENTION_MS: '60000' });
    });
    afterAll(async () => {
      await short?.stop();
    });

    it('starts a Last-Event-ID older than the retention at the oldest kept row, with a gap event first; pruning keeps the horizon', async () => {
      const zoneId = zone('old');
      const old = (name: string) =>
        addRow(
          'ZoneRenamed',
          { zoneId, nameZh: name, nameEn: name },
          {
            on: short,
            recordedAgoMs: 10 * 60_000,
          },
        );
      const [absorbed, survivor] = [zone('old-absorbed'), zone('old-survivor')];
      const oldMerger = await addRow(
        'ZonesMerged',
        { survivingZoneId: survivor, absorbedZoneIds: [absorbed], mergerId: zone('m') },
        { on: short, recordedAgoMs: 20 * 60_000 },
      );
      const olds = [await old('a'), await old('b'), await old('c')];
      const recent = await renamed(zoneId, short);

      const behind = connect(`zoneIds=${zoneId}`, { on: short, lastEventId: olds[0].id });
      const gap = await behind.opened;
      expect(gap).toMatchObject({
        type: 'gap',
        id: olds[2].id,
        data: { lastEventId: olds[0].id, resumesAfter: olds[2].id },
      });
      await eventually(() => expect(idsOf(behind.events())).toEqual([recent.id]));

      expect(await short.app.get(FeedPruner).prune()).toBe(2);
      const left: { event_id: string }[] = await short.dataSource.query(
        `select event_id from ${NOTIFIABLE_EVENTS} where subject = $1 order by seq`,
        [`zone-${zoneId}`],
      );
      expect(left.map((row) => row.event_id)).toEqual([olds[2].eventId, recent.eventId]);
      // Mergers are kept, however old: a stream naming the absorbed zone still follows it.
      const merger: unknown[] = await short.dataSource.query(
        `select 1 from ${NOTIFIABLE_EVENTS} where event_id = $1`,
        [oldMerger.eventId],
      );
      expect(merger).toHaveLength(1);
      const following = connect(`zoneIds=${absorbed}`, { on: short });
      await following.opened;
      const survivorRenamed = await renamed(survivor, short);
      await eventually(() => expect(idsOf(following.events())).toEqual([survivorRenamed.id]));

      const atHorizon = connect(`zoneIds=${zoneId}`, { on: short, lastEventId: olds[2].id });
      expect((await atHorizon.opened).type).toBe('ready');
      await eventually(() => expect(idsOf(atHorizon.events())).toEqual([recent.id]));
    });

    it('ends its streams when the service stops, without waiting for the clients', async () => {
      const stopping = await startNotifier();
      let stopped = false;
      try {
        const client = connect('eventTypes=ZoneRenamed', { on: stopping });
        await client.opened;
        let errored = false;
        client.source.addEventListener('error', () => (errored = true));
        const started = Date.now();
        await stopping.stop();
        stopped = true;
        expect(Date.now() - started).toBeLessThan(10_000);
        // The client sees its stream end (and would reconnect elsewhere).
        await eventually(() => expect(errored).toBe(true));
      } finally {
        if (!stopped) await stopping.stop();
      }
    });
  });
});
