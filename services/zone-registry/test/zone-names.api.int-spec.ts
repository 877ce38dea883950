import type { PostgresEventStore } from '@zoneledger/event-store';
import { EVENT_STORE } from '@zoneledger/platform';
import { DataSource } from 'typeorm';
import { CreateZoneNameClaims1795965796558 } from '../src/migrations/zone-name-claims.migration';
import {
  startZoneRegistry,
  zoneRegistration,
  type ZoneRegistryUnderTest,
} from './zone-registry.harness';

const tidy = (name: string) => name.trim().replace(/\s+/g, ' ');

// Names are unique among the zones in the register at one level, and that holds the moment a
// command answers: no waiting for the zone list, and no two commands racing past the check.

describe('zone names API: unique at a level, however commands interleave', () => {
  let registry: ZoneRegistryUnderTest;
  let database: DataSource;
  beforeAll(async () => {
    registry = await startZoneRegistry('zone_names_api');
    database = registry.app.get(DataSource);
  });
  afterAll(async () => {
    await registry?.stop();
  });

  const register = async (name: string, overrides: Record<string, unknown> = {}) => {
    const zone = zoneRegistration(registry, name, overrides);
    const response = await registry.call('POST', '/v1/zones', zone);
    expect(response.status).toBe(201);
    return zone;
  };
  const expectNameTaken = async (response: Response, names: readonly string[]) => {
    expect(response.status).toBe(409);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await response.json()) as { code: string; detail: string };
    expect(problem.code).toBe('ZONE.NAME_TAKEN');
    expect(names.some((name) => problem.detail.includes(`"${name}"`))).toBe(true);
  };
  const registrationsNamed = async (nameZh: string): Promise<string[]> => {
    const rows: { stream_id: string }[] = await database.query(
      `select stream_id from events where event_type = 'ZoneRegistered' and data->>'nameZh' = $1`,
      [nameZh],
    );
    return rows.map((row) => row.stream_id);
  };
  const claimsOf = async (zoneId: string) =>
    database.query(
      `select level, language, name_key from zone_name_claims where zone_id = $1
       order by language, level`,
      [zoneId],
    );

  it('records exactly one of many registrations of one name made at once', async () => {
    const racers = Array.from({ length: 8 }, (_, racer) =>
      zoneRegistration(registry, 'kunshan', {
        zoneId: `kunshan-${racer}-${registry.id}`,
        // The same names as the register compares them: English spelt in other cases and spaces.
        nameEn: racer % 2 === 0 ? `Kunshan Zone ${registry.id}` : ` KUNSHAN  zone ${registry.id}`,
      }),
    );
    const responses = await Promise.all(
      racers.map((racer) => registry.call('POST', '/v1/zones', racer)),
    );

    const statuses = responses.map((response) => response.status);
    expect([...statuses].sort()).toEqual([201, ...racers.slice(1).map(() => 409)]);
    const winner = racers[statuses.indexOf(201)];
    for (const [at, response] of responses.entries()) {
      if (response.status !== 201)
        await expectNameTaken(response, [racers[at].nameZh, tidy(racers[at].nameEn)]);
    }
    expect(await registrationsNamed(winner.nameZh)).toEqual([`zone-${winner.zoneId}`]);
    for (const racer of racers.filter((racer) => racer !== winner)) {
      expect((await registry.call('GET', `/v1/zones/${racer.zoneId}`)).status).toBe(404);
      expect(await claimsOf(racer.zoneId)).toEqual([]);
    }
  });

  it('refuses a name registered a moment ago, before the zone list shows it', async () => {
    const first = await register('changshu');
    const second = zoneRegistration(registry, 'changshu-2', { nameZh: first.nameZh });
    await expectNameTaken(await registry.call('POST', '/v1/zones', second), [first.nameZh]);
    const provincial = { ...second, level: 'ZONE_LEVEL_PROVINCIAL' };
    expect((await registry.call('POST', '/v1/zones', provincial)).status).toBe(201);
  });

  it('refuses a registration bearing both names of another zone, naming the Chinese one and its bearer, and records nothing', async () => {
    const first = await register('zhangjiagang');
    const second = zoneRegistration(registry, 'zhangjiagang-2', {
      nameZh: first.nameZh,
      nameEn: first.nameEn.toUpperCase(),
    });
    const response = await registry.call('POST', '/v1/zones', second);
    expect(response.status).toBe(409);
    const problem = (await response.json()) as { code: string; detail: string };
    expect(problem).toMatchObject({
      code: 'ZONE.NAME_TAKEN',
      detail: `the name "${first.nameZh}" is borne by zone ${first.zoneId} at the same level`,
    });
    expect((await registry.call('GET', `/v1/zones/${second.zoneId}`)).status).toBe(404);
    expect(await claimsOf(second.zoneId)).toEqual([]);
    expect(await registrationsNamed(first.nameZh)).toEqual([`zone-${first.zoneId}`]);
  });

  it('frees the name of a zone that exits at once', async () => {
    const exiting = await register('jiuquan');
    const exited = await registry.call('POST', `/v1/zones/${exiting.zoneId}/exit`, {
      effectiveOn: { year: 2020, month: 1, day: 17 },
      basisPolicyId: 'mofcom-2020-1',
      reason: 'failed the assessment twice',
    });
    expect(exited.status).toBe(200);
    await register('jiuquan-2', { nameZh: exiting.nameZh, nameEn: exiting.nameEn });
  });

  it('frees the absorbed zones’ names in the merger’s transaction, and the new zone takes its own', async () => {
    const [etdz, htz] = [await register('jiangmen-etdz'), await register('jiangmen-htz')];
    const merged = await registry.call('POST', '/v1/mergers', {
      survivingZoneId: `jiangmen-new-${registry.id}`,
      absorbedZoneIds: [etdz.zoneId, htz.zoneId],
      // The new zone carries an absorbed zone's Chinese name on: it leaves as the new one enters.
      newZone: {
        nameZh: etdz.nameZh,
        nameEn: `Jiangmen New Area ${registry.id}`,
        kind: 'ZONE_KIND_HIGH_TECH_ZONE',
        level: 'ZONE_LEVEL_NATIONAL',
        province: '广东',
      },
      effectiveOn: { year: 2021 },
      kind: 'MERGER_KIND_ZONE_DISTRICT_INTEGRATION',
    });
    expect(merged.status).toBe(201);

    await register('jiangmen-htz-2', { nameZh: htz.nameZh, nameEn: htz.nameEn });
    const namesake = zoneRegistration(registry, 'jiangmen-etdz-2', { nameZh: etdz.nameZh });
    await expectNameTaken(await registry.call('POST', '/v1/zones', namesake), [etdz.nameZh]);
  });

  it('lets one of two zones renamed to one name at once take it, and the other keep its own', async () => {
    const zones = [await register('taicang'), await register('wujiang')];
    const newNames = {
      nameZh: `太仓港开发区${registry.id}`,
      nameEn: `Taicang Port Zone ${registry.id}`,
      effectiveOn: { year: 2024 },
    };
    const responses = await Promise.all(
      zones.map((zone) => registry.call('POST', `/v1/zones/${zone.zoneId}/renames`, newNames)),
    );

    expect(responses.map((response) => response.status).sort()).toEqual([200, 409]);
    const lost = responses.findIndex((response) => response.status === 409);
    await expectNameTaken(responses[lost], [newNames.nameZh, newNames.nameEn]);
    const loser = zones[lost];
    expect(await (await registry.call('GET', `/v1/zones/${loser.zoneId}`)).json()).toMatchObject({
      nameZh: loser.nameZh,
      version: 1,
    });
    // Its rename rolled back whole: it still holds the name it kept.
    const namesake = zoneRegistration(registry, 'wujiang-2', { nameZh: loser.nameZh });
    await expectNameTaken(await registry.call('POST', '/v1/zones', namesake), [loser.nameZh]);
  });

  it('imports one of two rows that share a name and refuses the other, on every run', async () => {
    // Different Chinese names, so different zone ids: the rows are registered at the same time.
    const rows = ['慈溪', '余姚'].map((city) => ({
      nameZh: `${city}开发区${registry.id}`,
      nameEn: `Ningbo Hangzhou Bay Zone ${registry.id}`,
      kind: 'ZONE_KIND_ETDZ',
      level: 'ZONE_LEVEL_NATIONAL',
      province: '浙江',
    }));
    const imported = async () => {
      const response = await registry.call('POST', '/v1/zones/imports', { zones: rows });
      expect(response.status).toBe(201);
      return (await response.json()) as { firstRejected: { code: string }[] };
    };

    const first = await imported();
    expect(first).toMatchObject({
      created: 1,
      skipped: 0,
      rejected: 1,
      firstRejected: [{ code: 'ZONE.NAME_TAKEN' }],
    });
    expect(first.firstRejected).toHaveLength(1);
    expect(await imported()).toMatchObject({
      created: 0,
      skipped: 1,
      rejected: 1,
      firstRejected: first.firstRejected,
    });
  });

  it('refuses to upgrade a zone whose name a national zone took a moment ago', async () => {
    const provincial = await register('kunshan-htz', { level: 'ZONE_LEVEL_PROVINCIAL' });
    await register('kunshan-htz-national', { nameZh: provincial.nameZh });
    const upgrade = await registry.call('POST', `/v1/zones/${provincial.zoneId}/upgrade`, {
      effectiveOn: { year: 2024, month: 10 },
      basisPolicyId: 'guobanhan-2024-83',
    });
    await expectNameTaken(upgrade, [provincial.nameZh]);
    expect(await claimsOf(provincial.zoneId)).toEqual([
      { level: 'ZONE_LEVEL_PROVINCIAL', language: 'en', name_key: provincial.nameEn.toLowerCase() },
      { level: 'ZONE_LEVEL_PROVINCIAL', language: 'zh', name_key: provincial.nameZh },
    ]);
  });

  describe('on upgrade, the names of the zones already registered', () => {
    const allClaims = () =>
      database.query(`select * from zone_name_claims order by language, name_key, level`);
    const rebuildClaims = async () => {
      const runner = database.createQueryRunner();
      try {
        await runner.startTransaction();
        const migration = new CreateZoneNameClaims1795965796558();
        await migration.down(runner);
        await migration.up(runner);
        await runner.commitTransaction();
      } finally {
        await runner.release();
      }
    };

    it('are claimed as the commands that recorded them claimed them', async () => {
      const [upgraded, renamed, exited] = [
        await register('nantong', { level: 'ZONE_LEVEL_PROVINCIAL' }),
        await register('yancheng'),
        await register('lianyungang'),
      ];
      const changes = [
        registry.call('POST', `/v1/zones/${upgraded.zoneId}/upgrade`, {
          effectiveOn: { year: 2024, month: 10 },
          basisPolicyId: 'guobanhan-2024-83',
        }),
        registry.call('POST', `/v1/zones/${renamed.zoneId}/renames`, {
          nameZh: `盐城高新区${registry.id}`,
          nameEn: `Yancheng Hi-tech Zone ${registry.id}`,
          effectiveOn: { year: 2024 },
        }),
        registry.call('POST', `/v1/zones/${exited.zoneId}/exit`, {
          effectiveOn: { year: 2020 },
          basisPolicyId: 'mofcom-2020-1',
          reason: 'failed the assessment twice',
        }),
      ];
      for (const response of await Promise.all(changes)) expect(response.status).toBe(200);
      const before = await allClaims();
      expect(await claimsOf(upgraded.zoneId)).toEqual([
        { level: 'ZONE_LEVEL_NATIONAL', language: 'en', name_key: upgraded.nameEn.toLowerCase() },
        { level: 'ZONE_LEVEL_NATIONAL', language: 'zh', name_key: upgraded.nameZh },
      ]);
      expect(await claimsOf(exited.zoneId)).toEqual([]);

      await rebuildClaims();
      expect(await allClaims()).toEqual(before);
    });

    it('keep a name two zones came to share with the zone registered first', async () => {
      const first = await register('yangzhou');
      // Recorded while names were checked against the zone list: the same name at the same level.
      const second = zoneRegistration(registry, 'yangzhou-2', { nameZh: first.nameZh });
      const store = registry.app.get<PostgresEventStore>(EVENT_STORE);
      await store.append(`zone-${second.zoneId}`, 0, [
        {
          type: 'ZoneRegistered',
          data: { ...second, province: '江苏省', region: 'REGION_EAST', industryFocus: [] },
        },
      ]);
      await rebuildClaims();

      expect(await claimsOf(first.zoneId)).toHaveLength(2);
      expect(await claimsOf(second.zoneId)).toEqual([
        { level: 'ZONE_LEVEL_NATIONAL', language: 'en', name_key: second.nameEn.toLowerCase() },
      ]);
      // The second zone's exit frees only what it held: the first zone keeps its name.
      const exited = await registry.call('POST', `/v1/zones/${second.zoneId}/exit`, {
        effectiveOn: { year: 2020 },
        basisPolicyId: 'mofcom-2020-1',
        reason: 'duplicate',
      });
      expect(exited.status).toBe(200);
      const namesake = zoneRegistration(registry, 'yangzhou-3', { nameZh: first.nameZh });
      await expectNameTaken(await registry.call('POST', '/v1/zones', namesake), [first.nameZh]);
    });
  });
});
