import { integrationsOf, publishedRankingsOf, readStorySeed, repositoryRoot } from './story-seed';

describe("the story's seed files", () => {
  const seed = readStorySeed(repositoryRoot());

  it('read as the story plays them', () => {
    expect(seed.nationalZonesCsv.trim().split('\n')).toHaveLength(233);
    expect(seed.integrations.map((integration) => integration.mergerId)).toContain(
      'merger-guangzhou-four-zones-2002',
    );
    expect(seed.exits.map((exit) => exit.nameZh)).toEqual([
      '酒泉经济技术开发区',
      '石嘴山经济技术开发区',
    ]);
    expect(seed.publishedRounds.map((round) => round.roundId)).toEqual([
      '2018',
      '2020',
      '2021',
      '2023',
      '2024',
    ]);
  });

  it('name every zone an integration, an exit or an industry focus needs among the zone files', () => {
    const registered = `${seed.nationalZonesCsv}\n${seed.otherZonesCsv}`;
    const named = [
      ...seed.integrations.flatMap((integration) => [
        integration.survivor,
        ...integration.absorbed,
      ]),
      ...seed.exits,
      ...seed.industryFocus,
    ];
    for (const zone of named) expect(registered).toContain(`,${zone.nameZh},`);
  });

  it('mark an integration whose date no source gives as uncertain, with a note', () => {
    const nanjing = seed.integrations.find(
      (integration) => integration.survivor.nameZh === '南京经济技术开发区',
    );
    expect(nanjing).toMatchObject({
      uncertain: true,
      note: expect.stringContaining('NOT established'),
    });
  });

  it('give Suzhou Industrial Park first place in every published round', () => {
    for (const round of seed.publishedRounds)
      expect(seed.publishedRankings.get(round.roundId)?.rows[0]).toMatchObject({
        rank: 1,
        nameZh: '苏州工业园区',
      });
  });
});

describe('published rankings', () => {
  it('group the rows by round with the round published date and size', () => {
    const rankings = publishedRankingsOf(
      'round,published,zones_assessed,rank,zone_name_zh,zone_name_en\n' +
        '2018,2019-01-02,219,1,苏州工业园区,Suzhou Industrial Park\n' +
        '2018,2019-01-02,219,2,广州经济技术开发区,Guangzhou ETDZ\n' +
        '2024,2025-01-03,229,1,苏州工业园区,Suzhou Industrial Park\n',
    );
    expect(rankings.get('2018')).toMatchObject({
      publishedOn: { year: 2019, month: 1, day: 2 },
      zonesAssessed: 219,
      rows: [
        { rank: 1, nameZh: '苏州工业园区', nameEn: 'Suzhou Industrial Park' },
        { rank: 2, nameZh: '广州经济技术开发区', nameEn: 'Guangzhou ETDZ' },
      ],
    });
    expect(rankings.get('2024')?.rows).toHaveLength(1);
  });
});

describe('the integrations file', () => {
  const integration = {
    mergerId: 'merger-a',
    survivor: { nameZh: '甲' },
    absorbed: [{ nameZh: '乙' }],
    kind: 'MERGER_KIND_OTHER',
    effectiveOn: { year: 2002 },
    uncertain: false,
    note: '',
    source: 'DOMAIN.md',
  };

  it('refuses an integration without a source, a kind or a say on its certainty', () => {
    expect(() => integrationsOf({ integrations: [{ ...integration, source: '' }] })).toThrow(
      'a source is required',
    );
    expect(() => integrationsOf({ integrations: [{ ...integration, kind: 'MERGER' }] })).toThrow(
      'kind must be one of',
    );
    expect(() =>
      integrationsOf({ integrations: [{ ...integration, uncertain: undefined }] }),
    ).toThrow('uncertain must say true or false');
    expect(integrationsOf({ integrations: [integration] }).recorded).toHaveLength(1);
  });
});
