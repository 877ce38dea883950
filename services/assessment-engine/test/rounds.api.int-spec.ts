import {
  CENTRAL,
  EAST,
  mergeE8IntoE1,
  registerZones,
  submission,
  testMethodology,
  WEST,
} from './assessment-fixtures';
import { eventually } from '@zoneledger/testing';
import type { ComparableScoreChange, RankUncertainty, WhatIf } from '../src/domain';
import type { ZoneExplanation } from '../src/application/round-analysis';
import type { RankingPage, RoundView, ZoneRoundResult } from '../src/queries/round.queries';
import { startAssessmentEngine, type AssessmentEngineUnderTest } from './assessment-engine.harness';

// A round's life through the API, against real Kafka and PostgreSQL: a methodology, a round
// whose population comes from the zones topic, values, scoring, publication, a second round
// after a merger whose publication emits rank changes and exit warnings, published ranks.
describe('assessment engine API: rounds scored, published and compared', () => {
  let engine: AssessmentEngineUnderTest;
  const zone = (name: string) => `${name}-${engine.id}`;
  const methodologyId = () => `test-${engine.id}`;
  const roundA = () => `a-${engine.id}`;
  const roundB = () => `b-${engine.id}`;
  const post = (path: string, body?: unknown) => engine.as('assessor')('POST', path, body);
  const get = async <View>(path: string): Promise<View> => {
    const answer = await engine.as('analyst')('GET', path);
    expect(answer.status).toBe(200);
    return (await answer.json()) as View;
  };

  beforeAll(async () => {
    engine = await startAssessmentEngine();
    const { messages, versions } = registerZones(engine.id);
    await engine.publishZones(messages);
    await engine.zonesKnown(versions);
    expect((await post('/v1/methodologies', testMethodology(methodologyId()))).status).toBe(201);
  });
  afterAll(async () => {
    await engine?.stop();
  });

  it('opens a round on the zones in the register on its reference date: national ETDZs, not exited', async () => {
    const answer = await post('/v1/rounds', {
      roundId: roundA(),
      methodologyId: methodologyId(),
      methodologyVersion: 1,
      referenceDate: { year: 2022, month: 12, day: 31 },
      synthetic: true,
    });
    expect(answer.status).toBe(201);
    expect(answer.headers.get('location')).toBe(`/v1/rounds/${roundA()}`);
    await engine.roundKnown(roundA(), {});
    const round = await get<RoundView>(`/v1/rounds/${roundA()}`);
    expect(round).toMatchObject({ populationSize: 11, synthetic: true, scoring: 0 });
  });

  it('scores and publishes the round: ranks follow the values, nationally and by region', async () => {
    // e1 best ... e8 worst in the East; the Centre and the West in between.
    const values = [
      ...EAST.map((name, i) => submission(zone(name), 100 - 10 * i, 1 + i)),
      submission(zone('c1'), 55, 4.5),
      submission(zone('c2'), 15, 8.5),
      submission(zone('w1'), 35, 6.5),
    ];
    expect((await post(`/v1/rounds/${roundA()}/indicators`, { submissions: values })).status).toBe(
      201,
    );
    expect((await post(`/v1/rounds/${roundA()}/scorings`)).status).toBe(201);
    expect((await post(`/v1/rounds/${roundA()}/publication`)).status).toBe(201);
    await engine.roundKnown(roundA(), { scoring: 1, published: true });

    const ranking = await get<RankingPage>(`/v1/rounds/${roundA()}/rankings?limit=3`);
    expect(ranking.total).toBe(11);
    expect(ranking.items.map((entry: { zoneId: string }) => entry.zoneId)).toEqual([
      zone('e1'),
      zone('e2'),
      zone('e3'),
    ]);
    expect(ranking.round.synthetic).toBe(true);
    const central = await get<RankingPage>(`/v1/rounds/${roundA()}/rankings?region=REGION_CENTRAL`);
    expect(
      central.items.map((entry: { zoneId: string; regionalRank: number }) => [
        entry.zoneId,
        entry.regionalRank,
      ]),
    ).toEqual([
      [zone('c1'), 1],
      [zone('c2'), 2],
    ]);
  });

  it("explains a zone's score: its contributions sum to the total", async () => {
    const explained = await get<ZoneExplanation>(`/v1/rounds/${roundA()}/zones/${zone('e3')}`);
    const sum = explained.contributions.reduce(
      (total: number, contribution: { contribution: number }) => total + contribution.contribution,
      0,
    );
    expect(explained.contributions).toHaveLength(2);
    expect(sum).toBeCloseTo(explained.total, 9);
  });

  it('publishes the next round, after a merger, with rank changes and exit warnings', async () => {
    await engine.publishZones([mergeE8IntoE1(engine.id)]);
    await engine.zonesKnown({ [zone('e8')]: 2 });
    expect(
      (
        await post('/v1/rounds', {
          roundId: roundB(),
          methodologyId: methodologyId(),
          methodologyVersion: 1,
          referenceDate: { year: 2023, month: 12, day: 31 },
          synthetic: true,
        })
      ).status,
    ).toBe(201);
    await engine.roundKnown(roundB(), {});
    expect((await get<RoundView>(`/v1/rounds/${roundB()}`)).populationSize).toBe(10);

    // e1 and e2 swap places; everyone else keeps theirs.
    const values = [
      submission(zone('e1'), 90, 2),
      submission(zone('e2'), 100, 1),
      ...EAST.slice(2, 7).map((name, i) => submission(zone(name), 80 - 10 * i, 3 + i)),
      submission(zone('c1'), 55, 4.5),
      submission(zone('c2'), 15, 8.5),
      submission(zone('w1'), 35, 6.5),
    ];
    expect((await post(`/v1/rounds/${roundB()}/indicators`, { submissions: values })).status).toBe(
      201,
    );
    const beforeScoring = new Date().toISOString();
    expect((await post(`/v1/rounds/${roundB()}/scorings`)).status).toBe(201);
    expect((await post(`/v1/rounds/${roundB()}/publication`)).status).toBe(201);
    await engine.roundKnown(roundB(), { scoring: 1, published: true });

    // As known before it was scored: no results; now, the same ranking as the read model's.
    const before = await get<RoundView>(`/v1/rounds/${roundB()}?asOf=${beforeScoring}`);
    expect(before).toMatchObject({ scoring: 0, published: false, populationSize: 10 });
    const now = new Date().toISOString();
    const fromStream = await get<RankingPage>(
      `/v1/rounds/${roundB()}/rankings?region=REGION_EAST&asOf=${now}`,
    );
    const fromReadModel = await get<RankingPage>(
      `/v1/rounds/${roundB()}/rankings?region=REGION_EAST`,
    );
    expect(fromStream.items).toEqual(fromReadModel.items);
    expect(fromStream.round).toEqual(fromReadModel.round);

    const rows: { type: string; data: { zoneId: string; delta: number } }[] =
      await engine.dataSource.query(
        `select event_type as type, data from events where stream_id = $1 and event_type in
           ('ZoneRankChanged', 'ExitWarningIssued') order by stream_version`,
        [`round-${roundB()}`],
      );
    const rankChanges = rows.filter((row) => row.type === 'ZoneRankChanged');
    const byZone = Object.fromEntries(rankChanges.map((row) => [row.data.zoneId, row.data.delta]));
    // e1 fell from 1 to 2, e2 rose from 2 to 1; the zones below e8 (gone) rose one place each.
    expect(byZone[zone('e1')]).toBe(1);
    expect(byZone[zone('e2')]).toBe(-1);
    expect(byZone[zone('e3')]).toBeUndefined();
    // In its region's bottom five in both rounds: the East's e4-e7 (e8 merged away), and every
    // zone of the Centre and the West, whose regions have fewer than six zones.
    const warned = rows
      .filter((row) => row.type === 'ExitWarningIssued')
      .map((row) => row.data.zoneId);
    expect(warned.sort()).toEqual(
      [...['e4', 'e5', 'e6', 'e7'], ...CENTRAL, ...WEST].map(zone).sort(),
    );

    // The zone's history, through the read model fed by Kafka: e1 continues e8's lineage too.
    const history = await get<{ items: ZoneRoundResult[] }>(`/v1/zones/${zone('e1')}/assessments`);
    const own = history.items.filter((item: { zoneId: string }) => item.zoneId === zone('e1'));
    expect(
      own.map((item: { roundId: string; nationalRank: number }) => [
        item.roundId,
        item.nationalRank,
      ]),
    ).toEqual([
      [roundA(), 1],
      [roundB(), 2],
    ]);
    expect(own[1]).toMatchObject({ rankDelta: 1 });
    expect(history.items.some((item: { zoneId: string }) => item.zoneId === zone('e8'))).toBe(true);
  });

  it("explains what moved a zone's score since the previous published round, part by part", async () => {
    const change = await get<ComparableScoreChange & { synthetic: boolean }>(
      `/v1/zones/${zone('e2')}/assessments/${roundB()}/change`,
    );
    expect(change).toMatchObject({
      comparable: true,
      previousRoundId: roundA(),
      previousZoneId: zone('e2'),
      rankDelta: -1,
      synthetic: true,
    });
    const { methodology, population, otherZonesData, ownData } = change.parts;
    expect(methodology).toBe(0);
    // e8 left the population (merged into e1), but held neither end of any indicator's range
    // (c2 does): min-max scores do not move with it.
    expect(population).toBe(0);
    // e2 took e1's place at the top of both indicators. Under min-max the top scores 100 whatever
    // its value, so e2's own better values (output 90 -> 100, energy 2 -> 1) add nothing; what
    // lifted it is e1 falling back to e2's old values, which made e2's old values the best.
    expect(ownData).toBe(0);
    expect(otherZonesData).toBeGreaterThan(0);
    expect(change.current?.total).toBe(100);
    expect(methodology + population + otherZonesData + ownData).toBe(change.change);
    expect(change.topMovers.map((mover) => mover.indicatorKey).sort()).toEqual([
      'energy',
      'output',
    ]);
  });

  it('imports the published ranking as facts, matched by name, unmatched names reported', async () => {
    const answer = await post(`/v1/rounds/${roundB()}/published-ranking`, {
      publishedOn: { year: 2024, month: 1, day: 3 },
      zonesAssessed: 10,
      source: 'test',
      rows: [
        { rank: 1, nameZh: `${engine.id}e1经开区` },
        { rank: 2, nameZh: '不存在的开发区' },
      ],
    });
    expect(answer.status).toBe(201);
    const published = await (async () => {
      let body: {
        items: { rank: number; zoneId?: string; computedRank?: number; unmatchedReason?: string }[];
      } = { items: [] };
      await eventually(async () => {
        body = await get<typeof body>(`/v1/rounds/${roundB()}/published-ranking`);
        if (body.items.length < 2) throw new Error('published ranking not projected yet');
      });
      return body;
    })();
    expect(published.items[0]).toMatchObject({ rank: 1, zoneId: zone('e1'), computedRank: 2 });
    expect(published.items[1]).toMatchObject({
      rank: 2,
      unmatchedReason: 'UNMATCHED_REASON_NO_MATCH',
    });
  });

  it('answers a what-if and an uncertainty analysis without recording anything', async () => {
    // Another methodology, named: green development weighs 80%.
    const greener = `${methodologyId()}-greener`;
    const created = await post(
      '/v1/methodologies',
      testMethodology(greener, {
        dimensions: testMethodology(greener).dimensions.map((dimension) => ({
          ...dimension,
          weight: dimension.key === 'green' ? 0.8 : 0.2,
        })),
      }),
    );
    expect(created.status).toBe(201);
    const before = await engine.eventCount();
    const answer = await post(`/v1/rounds/${roundB()}/what-if`, {
      dimensionWeights: [
        { key: 'growth', weight: 0.1 },
        { key: 'green', weight: 0.9 },
      ],
    });
    expect(answer.status).toBe(200);
    const whatIf = (await answer.json()) as WhatIf;
    expect(whatIf.zones).toHaveLength(10);
    expect(whatIf.zones[0]).toMatchObject({ zoneId: zone('e2'), roundRank: 1 });

    const other = await post(`/v1/rounds/${roundB()}/what-if`, {
      methodologyId: greener,
      methodologyVersion: 1,
    });
    expect(other.status).toBe(200);
    expect(await other.json()).toMatchObject({ methodologyId: greener, version: 1 });

    const first = await get<RankUncertainty>(`/v1/rounds/${roundB()}/uncertainty?draws=200&seed=7`);
    const again = await get<RankUncertainty>(`/v1/rounds/${roundB()}/uncertainty?draws=200&seed=7`);
    expect(again).toEqual(first);
    for (const entry of first.zones) expect(entry.rankLow).toBeLessThanOrEqual(entry.rankHigh);
    expect(await engine.eventCount()).toBe(before);
  });
});
