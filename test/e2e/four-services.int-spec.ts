import { WebhookReceiver, type ReceivedWebhook } from '@zoneledger/service-testing';
import { eventually } from '@zoneledger/testing';
import type { SystemUnderTest } from '../system.harness';
import { startFourServices, type Service } from './four-services.harness';
import { oneIndicatorMethodology } from './one-indicator-methodology';

// The four services as processes from their main.ts, on real Kafka and PostgreSQL, meeting only
// on their topics; everything is done and read through their public APIs, and webhooks go to a
// receiver on 127.0.0.1 that verifies every request with the `standardwebhooks` library. The
// system is started once for the stories below (some 15-20 s); each story registers zones of a
// kind no other story uses, so populations and scopes resolved by kind are its own.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;

interface Day {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}
const iso = ({ year, month, day }: Day) =>
  `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

const WAIT = { timeoutMs: 90_000, intervalMs: 250 };

describe('the four services together', () => {
  let system: SystemUnderTest<Service>;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = new WebhookReceiver();
    await receiver.start();
    system = await startFourServices('four_services');
  }, 300_000);
  afterAll(async () => {
    await system?.stop();
    await receiver?.stop();
  }, 60_000);

  /** Calls a service and reads the JSON answer, expecting `status`. */
  async function call(
    service: Service,
    method: string,
    path: string,
    body?: unknown,
    status = 200,
  ): Promise<Loose> {
    const answer = await system.call(service, method, path, body);
    const text = await answer.text();
    expect({ status: answer.status, path, body: text }).toMatchObject({ status });
    return text ? (JSON.parse(text) as Loose) : {};
  }

  /** An id unique in this run: `<name>-<story>-<run suffix>`. */
  const id = (story: string, name: string) => `${name}-${story}-${system.suffix}`;

  function registerZone(
    zoneId: string,
    options: { kind: string; province: string; level?: string; approvedOn?: Partial<Day> },
  ): Promise<Loose> {
    return call(
      'zone-registry',
      'POST',
      '/v1/zones',
      {
        zoneId,
        nameZh: `${zoneId}开发区`,
        nameEn: `${zoneId} Zone`,
        kind: options.kind,
        level: options.level ?? 'ZONE_LEVEL_NATIONAL',
        province: options.province,
        approvedOn: options.approvedOn ?? { year: 1992 },
      },
      201,
    );
  }

  /** A methodology of one indicator, higher is better: its values rank the zones directly. */
  async function createMethodology(methodologyId: string): Promise<void> {
    await call(
      'assessment-engine',
      'POST',
      '/v1/methodologies',
      oneIndicatorMethodology(methodologyId),
      201,
    );
  }

  /**
   * Opens a round of `zoneKind` on `referenceDate` whose population is `expected` (zone ids and
   * regions, in zone id order). The engine resolves a population once, as the round opens, from
   * the zones it has consumed by then; so rounds are opened (`<roundId>-1`, `-2`, ...) until one
   * has it, and that one's id is returned. A round opened too early is left unscored and
   * unpublished: it changes nothing the stories read.
   */
  async function openRoundWithPopulation(
    roundId: string,
    methodologyId: string,
    zoneKind: string,
    referenceDate: Day,
    expected: readonly { zoneId: string; region: string }[],
  ): Promise<string> {
    let attempt = 0;
    return eventually(async () => {
      const opened = `${roundId}-${++attempt}`;
      await call(
        'assessment-engine',
        'POST',
        '/v1/rounds',
        {
          roundId: opened,
          methodologyId,
          methodologyVersion: 1,
          referenceDate,
          synthetic: true,
          zoneKinds: [zoneKind],
        },
        201,
      );
      const { items } = await call('assessment-engine', 'GET', `/v1/rounds/${opened}/population`);
      expect(items.map(({ zoneId, region }: Loose) => ({ zoneId, region }))).toEqual(expected);
      return opened;
    }, WAIT);
  }

  /** A webhook subscription delivered to a fresh receiver path verified with its secret. */
  async function subscribe(filter: Loose): Promise<{ subscriptionId: string; path: string }> {
    const path = receiver.path();
    const { subscriptionId, secret } = await call(
      'notifier',
      'POST',
      '/v1/subscriptions',
      { filter, channel: { kind: 'CHANNEL_KIND_WEBHOOK', url: receiver.url(path) } },
      201,
    );
    receiver.verifyWith(path, secret as string);
    return { subscriptionId: subscriptionId as string, path };
  }

  /** The webhook requests at `path` carrying an event of `type`, once `count` have come. */
  function webhooksOf(path: string, type: string, count: number): Promise<ReceivedWebhook[]> {
    return eventually(() => {
      const found = receiver
        .at(path)
        .filter((request) => request.body.type === `zoneledger.${type}`);
      expect(found.length).toBeGreaterThanOrEqual(count);
      return found;
    }, WAIT);
  }

  it("registers zones in the zone-registry that the policy-registry's scopes and the assessment-engine's populations then hold", async () => {
    const story = 'register';
    const kind = 'ZONE_KIND_BORDER_COOPERATION_ZONE';
    const ruili = id(story, 'ruili');
    const manzhouli = id(story, 'manzhouli');
    const hekou = id(story, 'hekou');
    await registerZone(ruili, { kind, province: '云南' });
    await registerZone(manzhouli, { kind, province: '内蒙古' });
    await registerZone(hekou, { kind, province: '云南', level: 'ZONE_LEVEL_PROVINCIAL' });
    // What the zone-registry made of them (the region follows from the province).
    const registered = await Promise.all(
      [manzhouli, ruili].map(async (zoneId) => {
        const zone = await call('zone-registry', 'GET', `/v1/zones/${zoneId}`);
        expect(zone).toMatchObject({ zoneId, kind, level: 'ZONE_LEVEL_NATIONAL' });
        return { zoneId, region: zone.region as string, province: zone.province as string };
      }),
    );
    expect(registered.map((zone) => zone.region)).toEqual(['REGION_WEST', 'REGION_WEST']);

    // A policy for the national border cooperation zones: its scope is resolved when read.
    const policyId = id(story, 'border-policy');
    await call(
      'policy-registry',
      'POST',
      '/v1/policies',
      {
        policyId,
        documentNumber: `国发〔2015〕72号-${system.suffix}`,
        titleZh: '国务院关于支持沿边重点地区开发开放若干政策措施的意见',
        issuer: '国务院',
        kind: 'POLICY_KIND_OPINIONS',
        issuedOn: { year: 2015, month: 12, day: 24 },
        measures: [{ text: '支持边境经济合作区建设' }],
        scope: { zoneKinds: [kind], zoneLevels: ['ZONE_LEVEL_NATIONAL'] },
      },
      201,
    );
    await eventually(async () => {
      const zones = await call(
        'policy-registry',
        'GET',
        `/v1/policies/${policyId}/zones?inForceOn=2024-01-01`,
      );
      expect(zones).toMatchObject({ policyId, standing: 'in_force', total: 2 });
      expect(
        zones.items.map(
          ({ zoneId, region, province, kind: itsKind, status, matchedBy }: Loose) => ({
            zoneId,
            region,
            province,
            kind: itsKind,
            status,
            matchedBy: [...matchedBy].sort(),
          }),
        ),
      ).toEqual(
        registered.map((zone) => ({
          ...zone,
          kind,
          status: 'active',
          matchedBy: ['zone_kind', 'zone_level'],
        })),
      );
    }, WAIT);

    // A round assessing national border cooperation zones: the same two, with their regions.
    const methodologyId = id(story, 'm');
    await createMethodology(methodologyId);
    await openRoundWithPopulation(
      id(story, 'r2023'),
      methodologyId,
      kind,
      { year: 2023, month: 12, day: 31 },
      registered.map(({ zoneId, region }) => ({ zoneId, region })),
    );
  }, 150_000);

  it("makes a merger's survivor heir to the absorbed zone's policies and assessments, and notifies who follows the absorbed zone", async () => {
    const story = 'merger';
    const kind = 'ZONE_KIND_ETDZ';
    const nanjing = id(story, 'nanjing');
    const qixia = id(story, 'qixia');
    // A subscriber following Qixia, set up before anything happens to it.
    const { subscriptionId, path } = await subscribe({ zoneIds: [qixia] });

    await registerZone(nanjing, { kind, province: '江苏' });
    await registerZone(qixia, { kind, province: '江苏' });
    // Qixia's registration reaches the subscriber: the notifier knows the subscription.
    const [registration] = await webhooksOf(path, 'zone.v1.ZoneRegistered', 1);
    expect(registration.verified).toEqual([true]);
    expect(registration.body).toMatchObject({
      subject: `zone-${qixia}`,
      subscriptionid: subscriptionId,
    });

    // A policy for Qixia alone, in force from 2016. The zone must be known to the
    // policy-registry first: until it is, the issuance is refused.
    const policyId = id(story, 'qixia-policy');
    const issuance = {
      policyId,
      documentNumber: `苏政复〔2016〕18号-${system.suffix}`,
      titleZh: '省政府关于栖霞开发区调整区位的批复',
      issuer: '江苏省人民政府',
      kind: 'POLICY_KIND_APPROVAL',
      issuedOn: { year: 2016, month: 3, day: 1 },
      measures: [{ text: '同意调整区位' }],
      scope: { zoneIds: [qixia] },
    };
    await eventually(async () => {
      const answer = await system.call('policy-registry', 'POST', '/v1/policies', issuance);
      expect(answer.status).toBe(201);
    }, WAIT);
    const policiesOf = async (zoneId: string, inForceOn: string, asOf?: string) => {
      const query = `inForceOn=${inForceOn}${asOf ? `&asOf=${encodeURIComponent(asOf)}` : ''}`;
      const { items } = await call(
        'policy-registry',
        'GET',
        `/v1/zones/${zoneId}/policies?${query}`,
      );
      return (items as Loose[]).filter((item) => item.policyId === policyId);
    };
    await eventually(
      async () => expect(await policiesOf(qixia, '2020-01-01')).toHaveLength(1),
      WAIT,
    );
    expect(await policiesOf(nanjing, '2022-01-01')).toEqual([]);
    const beforeMerger = new Date().toISOString();

    // Nanjing ETDZ absorbs Qixia from 1 June 2021.
    const mergedOn = { year: 2021, month: 6, day: 1 };
    const merger = await call(
      'zone-registry',
      'POST',
      '/v1/mergers',
      {
        survivingZoneId: nanjing,
        absorbedZoneIds: [qixia],
        effectiveOn: mergedOn,
        kind: 'MERGER_KIND_ZONE_DISTRICT_INTEGRATION',
      },
      201,
    );
    expect(merger).toMatchObject({ survivingZoneId: nanjing, replayed: false });

    // The policy-registry: Nanjing holds Qixia's policy from the merger on, as heir.
    const [inherited] = await eventually(async () => {
      const found = await policiesOf(nanjing, '2022-01-01');
      expect(found).toHaveLength(1);
      return found;
    }, WAIT);
    expect(inherited.appliesThrough).toMatchObject({
      zoneId: qixia,
      matchedBy: ['named_zone'],
      inheritedFrom: { zoneId: qixia, mergerId: merger.mergerId, mergedOn: iso(mergedOn) },
    });
    expect(await policiesOf(nanjing, '2021-05-31')).toEqual([]);
    // As the register knew it before the merger was recorded: not Nanjing's.
    expect(await policiesOf(nanjing, '2022-01-01', beforeMerger)).toEqual([]);

    // The assessment-engine: a round before the merger assesses both, the next one Nanjing alone.
    const methodologyId = id(story, 'm');
    await createMethodology(methodologyId);
    const ours = (zones: { zoneId: string; region: string }[]) =>
      zones.filter((zone) => zone.zoneId.endsWith(`-${story}-${system.suffix}`));
    const east = (...zoneIds: string[]) =>
      zoneIds.map((zoneId) => ({ zoneId, region: 'REGION_EAST' }));
    // Other stories' ETDZs may be in these rounds too: only this story's are compared.
    const population = async (roundId: string) =>
      ours(
        (await call('assessment-engine', 'GET', `/v1/rounds/${roundId}/population`)).items as {
          zoneId: string;
          region: string;
        }[],
      );
    let attempt = 0;
    const round2022 = await eventually(async () => {
      const roundId = `${id(story, 'r2022')}-${++attempt}`;
      await call(
        'assessment-engine',
        'POST',
        '/v1/rounds',
        {
          roundId,
          methodologyId,
          methodologyVersion: 1,
          referenceDate: { year: 2022, month: 12, day: 31 },
          synthetic: true,
        },
        201,
      );
      expect(await population(roundId)).toEqual(east(nanjing));
      return roundId;
    }, WAIT);
    expect(round2022).toMatch(/-\d+$/);
    const round2020 = id(story, 'r2020');
    await call(
      'assessment-engine',
      'POST',
      '/v1/rounds',
      {
        roundId: round2020,
        methodologyId,
        methodologyVersion: 1,
        referenceDate: { year: 2020, month: 12, day: 31 },
        synthetic: true,
      },
      201,
    );
    expect(await population(round2020)).toEqual(
      east(nanjing, qixia).sort((a, b) => a.zoneId.localeCompare(b.zoneId)),
    );

    // The notifier: the subscriber following Qixia hears of the merger, signed.
    const [merged] = await webhooksOf(path, 'zone.v1.ZonesMerged', 1);
    expect(merged.verified).toEqual([true]);
    expect(merged.body.data).toMatchObject({
      mergerId: merger.mergerId,
      survivingZoneId: nanjing,
      absorbedZoneIds: [qixia],
      effectiveOn: mergedOn,
    });
    // ... and from then on of Nanjing, which it follows instead of Qixia.
    await call('zone-registry', 'POST', `/v1/zones/${nanjing}/renames`, {
      nameZh: `${nanjing}新区`,
      nameEn: `${nanjing} New Area`,
      effectiveOn: { year: 2022, month: 1, day: 1 },
    });
    const [renamed] = await webhooksOf(path, 'zone.v1.ZoneRenamed', 1);
    expect(renamed.verified).toEqual([true]);
    expect(renamed.body).toMatchObject({
      subject: `zone-${nanjing}`,
      followedzones: `${nanjing}<-${qixia}`,
      data: { zoneId: nanjing, nameZh: `${nanjing}新区` },
    });
  }, 180_000);

  it('publishes a round whose rank changes reach a webhook receiver, signed', async () => {
    const story = 'ranks';
    const kind = 'ZONE_KIND_HIGH_TECH_ZONE';
    const [suzhou, wuxi, changzhou] = ['suzhou', 'wuxi', 'changzhou'].map((name) =>
      id(story, name),
    );
    const zones = [suzhou, wuxi, changzhou];
    // One subscriber of every rank change of these zones, one of climbs of two places or more.
    const everyChange = await subscribe({ eventTypes: ['ZoneRankChanged'], zoneIds: zones });
    const bigClimbs = await subscribe({
      zoneIds: zones,
      rankMoved: { atLeast: 2, direction: 'CHANGE_DIRECTION_UP' },
    });
    for (const zoneId of zones) await registerZone(zoneId, { kind, province: '江苏' });
    const methodologyId = id(story, 'm');
    await createMethodology(methodologyId);
    const population = [...zones].sort().map((zoneId) => ({ zoneId, region: 'REGION_EAST' }));

    /** Opens a round, submits each zone's output, scores and publishes it. */
    const assess = async (roundId: string, year: number, output: Record<string, number>) => {
      const opened = await openRoundWithPopulation(
        roundId,
        methodologyId,
        kind,
        { year, month: 12, day: 31 },
        population,
      );
      await call(
        'assessment-engine',
        'POST',
        `/v1/rounds/${opened}/indicators`,
        {
          submissions: Object.entries(output).map(([zoneId, value]) => ({
            zoneId,
            values: [{ indicatorKey: 'output', value, unit: 'CNY 100m', source: 'synthetic' }],
          })),
        },
        201,
      );
      await call('assessment-engine', 'POST', `/v1/rounds/${opened}/scorings`, undefined, 201);
      await call('assessment-engine', 'POST', `/v1/rounds/${opened}/publication`, undefined, 201);
      return opened;
    };
    // 2021: Suzhou first, Wuxi second, Changzhou third.
    const first = await assess(id(story, 'r2021'), 2021, {
      [suzhou]: 300,
      [wuxi]: 200,
      [changzhou]: 100,
    });
    // 2023: Changzhou climbs from third to first, Suzhou falls to third, Wuxi stays second.
    const second = await assess(id(story, 'r2023'), 2023, {
      [suzhou]: 100,
      [wuxi]: 200,
      [changzhou]: 300,
    });
    await eventually(async () => {
      const ranks = await call('assessment-engine', 'GET', `/v1/rounds/${second}/rankings`);
      expect(ranks.items.map(({ zoneId, nationalRank }: Loose) => [zoneId, nationalRank])).toEqual([
        [changzhou, 1],
        [wuxi, 2],
        [suzhou, 3],
      ]);
    }, WAIT);

    const change = (zoneId: string, previousRank: number, rank: number) => ({
      roundId: second,
      zoneId,
      previousRoundId: first,
      previousRank,
      rank,
      delta: rank - previousRank,
    });
    const changes = await webhooksOf(everyChange.path, 'assessment.v1.ZoneRankChanged', 2);
    for (const request of changes) {
      expect(request.verified).toEqual([true]);
      expect(request.headers['webhook-id']).toBe(
        `${everyChange.subscriptionId}:${request.body.id as string}`,
      );
      expect(request.body).toMatchObject({
        specversion: '1.0',
        source: '/zoneledger/assessment-engine',
        subject: `round-${second}`,
        subscriptionid: everyChange.subscriptionId,
      });
    }
    expect(
      changes
        .map((request) => request.body.data as Loose)
        .sort((a, b) => String(a.zoneId).localeCompare(String(b.zoneId))),
    ).toEqual([change(changzhou, 3, 1), change(suzhou, 1, 3)]);

    const [climb] = await webhooksOf(bigClimbs.path, 'assessment.v1.ZoneRankChanged', 1);
    expect(climb.verified).toEqual([true]);
    expect(climb.body.data).toEqual(change(changzhou, 3, 1));
    // Every delivery the notifier made is in the subscriptions' logs: Wuxi kept its rank. The
    // notifier records a delivery as delivered after the receiver's answer reaches it, which can
    // be a moment after the receiver has the request, so the log is awaited too.
    await eventually(async () => {
      const { items } = await call(
        'notifier',
        'GET',
        `/v1/subscriptions/${everyChange.subscriptionId}/deliveries?limit=100`,
      );
      expect(items.map((item: Loose) => [item.sourceEventType, item.status])).toEqual([
        ['zoneledger.assessment.v1.ZoneRankChanged', 'delivered'],
        ['zoneledger.assessment.v1.ZoneRankChanged', 'delivered'],
      ]);
    }, WAIT);
    expect(receiver.at(bigClimbs.path)).toHaveLength(1);
  }, 180_000);
});
