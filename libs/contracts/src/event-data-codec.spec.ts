import type { JsonObject } from '@bufbuild/protobuf';
import { MalformedEventDataError, UnknownEventTypeError } from './contract-errors';
import { decodeEventData, encodeEventData } from './event-data-codec';
import { EventContracts } from './event-contract-registry';

// One example per event, as an event store holds its data (proto JSON). Each sets every field to a
// non-default value, so a round trip exercises every field of every contract. Values are
// illustrative (dates follow docs where they give them; partial dates where they do not).
const METHODOLOGY = {
  methodologyId: 'mofcom-etdz-2021',
  version: 1,
  name: 'MofCOM comprehensive development level assessment, 2021 edition',
  source: 'MofCOM, 2021 edition (first used in the 2022 round)',
  notes: 'Indicator weights within each dimension assumed equal',
  weightsPublished: true,
  dimensions: [
    {
      key: 'green-development',
      nameEn: 'Green development',
      nameZh: '绿色发展',
      weight: 1,
      indicators: [
        {
          key: 'energy-per-value-added',
          nameEn: 'Energy consumption per unit of industrial value added',
          nameZh: '单位工业增加值能耗',
          unit: 'tce/10k CNY',
          direction: 'DIRECTION_LOWER_IS_BETTER',
          weight: 1,
          allowsNegative: true,
          assumed: true,
        },
      ],
    },
  ],
  normalisation: 'NORMALISATION_MIN_MAX',
  aggregation: 'AGGREGATION_WEIGHTED_ARITHMETIC',
  missingValues: 'MISSING_VALUE_POLICY_REGION_MEAN',
};

const examples: Record<string, JsonObject> = {
  'zoneledger.zone.v1.ZoneRegistered': {
    zoneId: 'zone-sip',
    nameZh: '苏州工业园区',
    nameEn: 'Suzhou Industrial Park',
    kind: 'ZONE_KIND_ETDZ',
    level: 'ZONE_LEVEL_NATIONAL',
    province: '江苏省',
    city: '苏州市',
    region: 'REGION_EAST',
    approvedOn: { year: 1994, month: 2 },
    industryFocus: [
      'digital information',
      'nanotechnology',
      'biomedicine',
      'artificial intelligence',
    ],
  },
  'zoneledger.zone.v1.ZoneProfileUpdated': {
    zoneId: 'zone-jiuquan',
    province: '甘肃省',
    city: '酒泉市',
    region: 'REGION_WEST',
    approvedOn: { year: 2013 },
    reason: 'city corrected from the 2018 catalogue',
  },
  'zoneledger.zone.v1.ZoneRenamed': {
    zoneId: 'zone-huadu',
    nameZh: '广州花都经济技术开发区',
    nameEn: 'Guangzhou Huadu Economic and Technological Development Zone',
    previousNameZh: '花都经济开发区',
    previousNameEn: 'Huadu Economic Development Zone',
    effectiveOn: { year: 2024, month: 10 },
    basisPolicyId: 'policy-guobanhan-2024-83',
    reason: 'set on corrections only',
  },
  'zoneledger.zone.v1.ZoneIndustryFocusSet': {
    zoneId: 'zone-changsha',
    industryFocus: ['automobiles', 'construction machinery'],
    effectiveOn: { year: 2018 },
  },
  'zoneledger.zone.v1.ZoneUpgraded': {
    zoneId: 'zone-fuling',
    previousLevel: 'ZONE_LEVEL_PROVINCIAL',
    level: 'ZONE_LEVEL_NATIONAL',
    previousKind: 'ZONE_KIND_OTHER',
    kind: 'ZONE_KIND_ETDZ',
    effectiveOn: { year: 2024, month: 10 },
    basisPolicyId: 'policy-guobanhan-2024-83',
  },
  'zoneledger.zone.v1.ZoneDowngraded': {
    zoneId: 'zone-example-west',
    previousLevel: 'ZONE_LEVEL_NATIONAL',
    level: 'ZONE_LEVEL_PROVINCIAL',
    effectiveOn: { year: 2024, month: 3, day: 1 },
    basisPolicyId: 'policy-downgrade-example',
    reason: 'bottom five of the West region in two rounds within three years (synthetic example)',
  },
  'zoneledger.zone.v1.ZoneExited': {
    zoneId: 'zone-jiuquan',
    effectiveOn: { year: 2020, month: 1, day: 17 },
    basisPolicyId: 'policy-jiuquan-exit',
    reason: 'exited the national ETDZ sequence',
  },
  'zoneledger.zone.v1.ZoneAutonomyGranted': {
    zoneId: 'zone-nanjing',
    power: 'approve foreign-invested projects',
    policyId: 'policy-guofa-2019-11',
    effectiveOn: { year: 2019, month: 5 },
  },
  'zoneledger.zone.v1.ZonesMerged': {
    mergerId: 'merger-huangpu-2014',
    survivingZoneId: 'zone-huangpu',
    absorbedZoneIds: ['zone-guangzhou-etdz', 'zone-luogang'],
    newZone: {
      zoneId: 'zone-huangpu',
      nameZh: '黄埔区',
      nameEn: 'Huangpu District',
      kind: 'ZONE_KIND_OTHER',
      level: 'ZONE_LEVEL_NATIONAL',
      province: '广东省',
      city: '广州市',
      region: 'REGION_EAST',
      industryFocus: ['automobiles', 'new materials'],
    },
    effectiveOn: { year: 2014, month: 2 },
    kind: 'MERGER_KIND_ZONE_DISTRICT_INTEGRATION',
    basisPolicyId: 'policy-huangpu-2014',
  },
  'zoneledger.policy.v1.PolicyIssued': {
    policyId: 'policy-gf-2019-11',
    documentNumber: '国发〔2019〕11号',
    titleZh: '国务院关于推进国家级经济技术开发区创新提升打造改革开放新高地的意见',
    titleEn: 'Opinions on promoting innovation and upgrading of national ETDZs',
    issuer: '国务院',
    kind: 'POLICY_KIND_OPINIONS',
    issuedOn: { year: 2019, month: 5, day: 18 },
    publishedOn: { year: 2019, month: 5, day: 28 },
    effectiveOn: { year: 2019, month: 5, day: 18 },
    themes: ['reform autonomy', 'opening-up'],
    measures: ['Give zones greater autonomy in reform'],
    scope: {
      zoneKinds: ['ZONE_KIND_ETDZ'],
      zoneLevels: ['ZONE_LEVEL_NATIONAL'],
      provinces: ['江苏省'],
      zoneIds: ['zone-suzhou-sip', 'zone-nanjing'],
      regions: ['REGION_EAST'],
    },
    autonomyGrants: [
      {
        power: 'approve foreign-invested projects',
        zoneIds: ['zone-suzhou-sip', 'zone-nanjing'],
        effectiveOn: { year: 2019, month: 6 },
        measureNumber: 1,
      },
    ],
    implementsPolicyId: 'policy-gbf-2017-7',
    expiresOn: { year: 2025, month: 12, day: 31 },
  },
  'zoneledger.policy.v1.PolicyAmended': {
    policyId: 'policy-gf-2019-11',
    version: 2,
    amendedOn: { year: 2021, month: 3, day: 1 },
    effectiveOn: { year: 2021, month: 4 },
    reason: 'western zones added',
    basisPolicyId: 'policy-amending-2021',
    changedFields: ['scope', 'measures'],
    titleZh: '国务院关于推进国家级经济技术开发区创新提升打造改革开放新高地的意见',
    titleEn: 'Opinions on promoting innovation and upgrading of national ETDZs',
    themes: ['reform autonomy'],
    measures: ['Give zones greater autonomy in reform', 'Support western zones'],
    scope: { zoneKinds: ['ZONE_KIND_ETDZ'], regions: ['REGION_WEST'] },
    expiresOn: { year: 2030 },
    autonomyGrants: [
      {
        power: 'approve foreign-invested projects',
        zoneIds: ['zone-lanzhou'],
        effectiveOn: { year: 2021, month: 4 },
        measureNumber: 1,
      },
    ],
  },
  'zoneledger.policy.v1.PolicySuperseded': {
    policyId: 'policy-szh-2016-192',
    supersededByPolicyId: 'policy-assessment-2021',
    effectiveOn: { year: 2021 },
  },
  'zoneledger.policy.v1.PolicyRepealed': {
    policyId: 'policy-gbf-2016-14',
    effectiveOn: { year: 2022, month: 1, day: 1 },
    reason: 'replaced by the 2021 assessment system',
    basisPolicyId: 'policy-repeal-notice',
  },
  'zoneledger.policy.v1.PolicyAutonomyExtended': {
    policyId: 'policy-gf-2019-11',
    version: 1,
    autonomyGrants: [
      {
        power: 'approve foreign-invested projects',
        zoneIds: ['zone-huadu'],
        effectiveOn: { year: 2024, month: 10 },
        measureNumber: 1,
      },
    ],
    reason: 'upgraded to a national ETDZ by 国办函〔2024〕83号',
  },
  'zoneledger.assessment.v1.MethodologyVersionCreated': { methodology: METHODOLOGY },
  'zoneledger.assessment.v1.RoundOpened': {
    roundId: '2023',
    methodology: METHODOLOGY,
    referenceDate: { year: 2022, month: 12, day: 31 },
    synthetic: true,
    population: [{ zoneId: 'zone-suzhou-sip', region: 'REGION_EAST' }],
  },
  'zoneledger.assessment.v1.IndicatorsSubmitted': {
    roundId: '2023',
    zoneId: 'zone-suzhou-sip',
    values: [
      {
        indicatorKey: 'energy-per-value-added',
        value: 0.25,
        unit: 'tce/10k CNY',
        source: 'synthetic',
        submitter: 'analyst-1',
      },
    ],
  },
  'zoneledger.assessment.v1.IndicatorCorrected': {
    roundId: '2023',
    zoneId: 'zone-suzhou-sip',
    indicatorKey: 'energy-per-value-added',
    version: 2,
    previousValue: 0.25,
    value: 0.21,
    unit: 'tce/10k CNY',
    source: 'zone statistics bureau',
    submitter: 'analyst-1',
    reason: 'revised yearbook figure',
  },
  'zoneledger.assessment.v1.RoundScored': {
    roundId: '2023',
    scoring: 1,
    methodologyId: 'mofcom-etdz-2021',
    methodologyVersion: 1,
    normalisation: 'NORMALISATION_MIN_MAX',
    aggregation: 'AGGREGATION_WEIGHTED_ARITHMETIC',
    zonesScored: 229,
    unscored: ['zone-jiuquan'],
  },
  'zoneledger.assessment.v1.ZoneScored': {
    roundId: '2023',
    scoring: 1,
    zoneId: 'zone-suzhou-sip',
    region: 'REGION_EAST',
    total: 91.5,
    nationalRank: 1,
    regionalRank: 1,
    dimensions: [{ key: 'green-development', score: 88.25 }],
    imputed: ['co2-growth'],
    excluded: ['water-per-value-added'],
  },
  'zoneledger.assessment.v1.RoundPublished': {
    roundId: '2023',
    scoring: 1,
    synthetic: true,
    zonesScored: 229,
  },
  'zoneledger.assessment.v1.ZoneScoreChanged': {
    roundId: '2023',
    zoneId: 'zone-kunshan',
    previousRoundId: '2022',
    previousTotal: 80.5,
    total: 82.25,
    delta: 1.75,
  },
  'zoneledger.assessment.v1.ZoneRankChanged': {
    roundId: '2023',
    zoneId: 'zone-kunshan',
    previousRoundId: '2022',
    previousRank: 5,
    rank: 4,
    delta: -1,
  },
  'zoneledger.assessment.v1.ExitWarningIssued': {
    roundId: '2023',
    zoneId: 'zone-example-west',
    region: 'REGION_WEST',
    regionalRank: 70,
    regionSize: 72,
    alsoInBottom: ['2021'],
  },
  'zoneledger.assessment.v1.PublishedRankingImported': {
    roundId: '2023',
    publishedOn: { year: 2023, month: 12, day: 28 },
    zonesAssessed: 230,
    source: 'MofCOM press release',
    matched: [
      {
        rank: 1,
        nameZh: '苏州工业园区',
        nameEn: 'Suzhou Industrial Park',
        zoneId: 'zone-suzhou-sip',
        matchedBy: 'MATCHED_BY_NAME_ZH',
      },
    ],
    unmatched: [
      {
        rank: 29,
        nameZh: '浒墅关经济技术开发区',
        nameEn: 'Hushuguan ETDZ',
        unmatchedReason: 'UNMATCHED_REASON_NO_MATCH',
      },
    ],
  },
  'zoneledger.notification.v1.SubscriptionCreated': {
    subscriptionId: 'sub-0193f3a2',
    owner: 'analyst-1',
    filter: {
      eventTypes: ['ZoneRankChanged', 'ZoneScoreChanged'],
      zoneIds: ['zone-suzhou-sip'],
      provinces: ['江苏省'],
      regions: ['REGION_EAST'],
      zoneKinds: ['ZONE_KIND_ETDZ'],
      themes: ['foreign investment'],
      issuers: ['国务院'],
      rankMoved: { atLeast: 5, direction: 'CHANGE_DIRECTION_UP' },
      scoreChanged: { atLeast: 2.5, direction: 'CHANGE_DIRECTION_EITHER' },
    },
    channel: {
      kind: 'CHANNEL_KIND_WEBHOOK',
      url: 'https://hooks.example.gov.cn/zoneledger',
      secretRef: 'secret/notifier/sub-0193f3a2/1',
      fingerprint: 'sha256:3f1c9a',
      // An example sets every field; a recorded webhook channel has no address nor mode.
      address: 'ops@example.gov.cn',
      mode: 'EMAIL_MODE_DAILY_DIGEST',
    },
  },
  'zoneledger.notification.v1.SubscriptionFilterChanged': {
    subscriptionId: 'sub-0193f3a2',
    filter: { zoneIds: ['zone-nanjing-etdz'], regions: ['REGION_EAST', 'REGION_CENTRAL'] },
  },
  'zoneledger.notification.v1.SubscriptionPaused': { subscriptionId: 'sub-0193f3a2' },
  'zoneledger.notification.v1.SubscriptionResumed': { subscriptionId: 'sub-0193f3a2' },
  'zoneledger.notification.v1.SubscriptionCancelled': { subscriptionId: 'sub-0193f3a2' },
  'zoneledger.notification.v1.SubscriptionSecretRotated': {
    subscriptionId: 'sub-0193f3a2',
    secretRef: 'secret/notifier/sub-0193f3a2/2',
    fingerprint: 'sha256:8be204',
    previousSecretRef: 'secret/notifier/sub-0193f3a2/1',
    previousFingerprint: 'sha256:3f1c9a',
    previousValidUntil: '2025-01-04T08:00:00.000Z',
  },
  'zoneledger.notification.v1.SubscriptionEndpointDisabled': {
    subscriptionId: 'sub-0193f3a2',
    reason: 'ENDPOINT_DISABLED_REASON_FAILING',
    failingSince: '2025-01-01T08:00:00.000Z',
    disabledAt: '2025-01-06T08:00:00.000Z',
  },
  'zoneledger.notification.v1.NotificationCreated': {
    notificationId: 'sub-0193f3a2:0193f3a2-9e30-7a6c-8d4b-7b2e3f4a5c10',
    subscriptionId: 'sub-0193f3a2',
    sourceEventId: '0193f3a2-9e30-7a6c-8d4b-7b2e3f4a5c10',
    sourceEventType: 'zoneledger.assessment.v1.ZoneRankChanged',
    sourceSubject: 'round-2023',
    sourceStreamVersion: '470',
    sourceTime: '2025-01-03T10:00:00.000Z',
    followed: [{ zoneId: 'zone-nanjing-etdz', insteadOf: 'zone-nanjing-hitech' }],
    channelKind: 'CHANNEL_KIND_WEBHOOK',
  },
  'zoneledger.notification.v1.NotificationDelivered': {
    notificationId: 'sub-0193f3a2:0193f3a2-9e30-7a6c-8d4b-7b2e3f4a5c10',
    subscriptionId: 'sub-0193f3a2',
    attempt: 2,
    statusCode: 204,
    latencyMs: 183,
    deliveredAt: '2025-01-03T10:00:05.412Z',
    responseExcerpt: '{"received":true}',
  },
  'zoneledger.notification.v1.NotificationFailed': {
    notificationId: 'sub-0193f3a2:0193f3a2-9e30-7a6c-8d4b-7b2e3f4a5c10',
    subscriptionId: 'sub-0193f3a2',
    attempt: 1,
    failure: 'FAILURE_KIND_HTTP_STATUS',
    statusCode: 503,
    error: 'Service Unavailable',
    failedAt: '2025-01-03T10:00:00.229Z',
    nextStep: 'NEXT_STEP_RETRY',
    retryAt: '2025-01-03T10:00:05.229Z',
    latencyMs: 229,
    responseExcerpt: 'upstream busy, try again',
  },
  'zoneledger.notification.v1.NotificationRedeliveryRequested': {
    notificationId: 'sub-0193f3a2:0193f3a2-9e30-7a6c-8d4b-7b2e3f4a5c10',
    subscriptionId: 'sub-0193f3a2',
    requestedBy: 'analyst-li',
    requestedAt: '2025-01-04T09:30:00.000Z',
  },
};

describe('event data codec', () => {
  describe.each(EventContracts.map((contract) => [contract.ceType, contract] as const))(
    '%s',
    (ceType, contract) => {
      const example = examples[ceType];

      it('has an example that sets every field', () => {
        expect(example).toBeDefined();
        expect(Object.keys(example).sort()).toEqual(
          contract.schema.fields.map((f) => f.jsonName).sort(),
        );
      });

      it('round-trips JSON -> binary -> JSON unchanged', () => {
        const bytes = encodeEventData(ceType, example);
        expect(bytes.length).toBeGreaterThan(0);
        expect(decodeEventData(ceType, bytes)).toEqual(example);
      });
    },
  );

  it('omits default values unless asked to emit them', () => {
    const ceType = 'zoneledger.zone.v1.ZoneIndustryFocusSet';
    const bytes = encodeEventData(ceType, { zoneId: 'zone-a', industryFocus: [] });
    expect(decodeEventData(ceType, bytes)).toEqual({ zoneId: 'zone-a' });
    expect(decodeEventData(ceType, bytes, { alwaysEmitImplicit: true })).toEqual({
      zoneId: 'zone-a',
      industryFocus: [],
    });
  });

  it('rejects an unknown type with UnknownEventTypeError', () => {
    const encoding = () => encodeEventData('zoneledger.zone.v1.ZoneTeleported', {});
    expect(encoding).toThrow(UnknownEventTypeError);
    expect(encoding).toThrow(expect.objectContaining({ code: 'CONTRACTS.UNKNOWN_EVENT_TYPE' }));
    expect(() => decodeEventData('ZoneRegistered', new Uint8Array())).toThrow(
      UnknownEventTypeError,
    );
  });

  it.each([
    ['an unknown field', { zoneId: 'zone-a', colour: 'red' }],
    ['an enum value name without its prefix', { zoneId: 'zone-a', kind: 'ETDZ' }],
    ['a wrongly typed field', { zoneId: 'zone-a', industryFocus: 'biomedicine' }],
    ['no object at all', undefined],
  ])('rejects JSON with %s as MalformedEventDataError', (_label, data) => {
    const encoding = () => encodeEventData('zoneledger.zone.v1.ZoneRegistered', data);
    expect(encoding).toThrow(MalformedEventDataError);
    expect(encoding).toThrow(
      expect.objectContaining({ code: 'CONTRACTS.MALFORMED_EVENT_DATA', form: 'json' }),
    );
  });

  it.each([
    ['truncated bytes', [0x0a, 0x05, 0x61]],
    ['an illegal wire type', [0x0f, 0x01]],
    ['invalid UTF-8 in a string', [0x0a, 0x02, 0xff, 0xfe]],
    ['JSON text instead of protobuf', [...new TextEncoder().encode('{"zoneId":"zone-a"}')]],
  ])('rejects %s as MalformedEventDataError', (_label, bytes) => {
    const decoding = () =>
      decodeEventData('zoneledger.zone.v1.ZoneRegistered', Uint8Array.from(bytes));
    expect(decoding).toThrow(MalformedEventDataError);
    expect(decoding).toThrow(
      expect.objectContaining({ code: 'CONTRACTS.MALFORMED_EVENT_DATA', form: 'binary' }),
    );
  });
});
