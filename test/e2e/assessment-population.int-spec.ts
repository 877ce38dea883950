import { eventually } from '@zoneledger/testing';
import { startSystem, type SystemUnderTest } from '../system.harness';
import { oneIndicatorMethodology } from './one-indicator-methodology';

// The cross-service promise: zones registered and a merger recorded in the zone-registry
// show in the assessment-engine's next round population, both services running as processes on
// real Kafka and PostgreSQL and meeting only on the zones topic.
describe("the zone-registry's zones and mergers make the assessment-engine's populations", () => {
  let system: SystemUnderTest<'zone-registry' | 'assessment-engine'>;
  const zone = (name: string) => `${name}-${system.suffix}`;

  beforeAll(async () => {
    system = await startSystem(
      'assessment_population',
      ['zone-registry', 'assessment-engine'],
      ['zone-admin', 'assessor'],
      // Some 15 s on a quiet machine; minutes when its two cores are busy with other work.
      { readyTimeoutMs: 240_000 },
    );
  }, 300_000);
  afterAll(async () => {
    await system?.stop();
  }, 60_000);

  const register = (name: string, level = 'ZONE_LEVEL_NATIONAL') =>
    system.call('zone-registry', 'POST', '/v1/zones', {
      zoneId: zone(name),
      nameZh: `${name}经济技术开发区${system.suffix}`,
      nameEn: `${name} ETDZ ${system.suffix}`,
      kind: 'ZONE_KIND_ETDZ',
      level,
      province: '江苏',
      approvedOn: { year: 1992 },
    });
  const openRound = (roundId: string, year: number) =>
    system.call('assessment-engine', 'POST', '/v1/rounds', {
      roundId: `${roundId}-${system.suffix}`,
      methodologyId: `m-${system.suffix}`,
      methodologyVersion: 1,
      referenceDate: { year, month: 12, day: 31 },
      synthetic: true,
    });
  const population = async (roundId: string) => {
    const answer = await system.call(
      'assessment-engine',
      'GET',
      `/v1/rounds/${roundId}-${system.suffix}/population`,
    );
    expect(answer.status).toBe(200);
    const { items } = (await answer.json()) as { items: { zoneId: string }[] };
    return items.map((item) => item.zoneId).sort();
  };

  it('assesses the zones in the register on each round’s reference date, a merger’s survivor after it', async () => {
    for (const name of ['nanjing', 'qixia', 'jiangning'])
      expect((await register(name)).status).toBe(201);
    expect((await register('wujin', 'ZONE_LEVEL_PROVINCIAL')).status).toBe(201);
    const methodology = await system.call(
      'assessment-engine',
      'POST',
      '/v1/methodologies',
      oneIndicatorMethodology(`m-${system.suffix}`),
    );
    expect(methodology.status).toBe(201);

    // Nanjing ETDZ absorbs Qixia from 2019 ("six unifications"), recorded in the zone-registry.
    const merger = await system.call('zone-registry', 'POST', '/v1/mergers', {
      survivingZoneId: zone('nanjing'),
      absorbedZoneIds: [zone('qixia')],
      effectiveOn: { year: 2019, month: 1, day: 1 },
      kind: 'MERGER_KIND_ZONE_DISTRICT_INTEGRATION',
    });
    expect(merger.status).toBe(201);
    // The engine resolves populations from the zones it has consumed: wait until it has them all.
    await eventually(
      async () => {
        const answer = await system.call('assessment-engine', 'GET', '/v1/admin/projections');
        const { projections } = (await answer.json()) as {
          projections: Record<string, { lag?: number; applied?: number }>;
        };
        expect(projections['zone-timeline']).toMatchObject({ lag: 0 });
        // Four registrations and the merger on both streams it involves.
        expect(projections['zone-timeline'].applied).toBeGreaterThanOrEqual(6);
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );

    expect((await openRound('r2017', 2017)).status).toBe(201);
    expect((await openRound('r2019', 2019)).status).toBe(201);
    expect(await population('r2017')).toEqual(
      [zone('jiangning'), zone('nanjing'), zone('qixia')].sort(),
    );
    expect(await population('r2019')).toEqual([zone('jiangning'), zone('nanjing')].sort());
  }, 150_000);
});
