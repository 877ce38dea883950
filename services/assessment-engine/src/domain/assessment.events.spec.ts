import {
  contractForDomainEvent,
  decodeEventData,
  encodeEventData,
  EventContracts,
  type DimensionJson,
  type ExitWarningIssuedJson,
  type IndicatorCorrectedJson,
  type IndicatorJson,
  type IndicatorsSubmittedJson,
  type MethodologyJson,
  type MethodologyVersionCreatedJson,
  type PublishedRankingImportedJson,
  type RoundOpenedJson,
  type RoundPublishedJson,
  type RoundScoredJson,
  type ZoneRankChangedJson,
  type ZoneScoreChangedJson,
  type ZoneScoredJson,
} from '@zoneledger/contracts';
import { recordedBy, type SameKeys } from '@zoneledger/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Dimension, Indicator, Methodology, MethodologyInput } from './methodology';
import type { MethodologyCommand } from './methodology.commands';
import { methodologyDecider } from './methodology.decider';
import type { MethodologyEvent } from './methodology.events';
import type { RoundCommand } from './round.commands';
import { roundDecider } from './round.decider';
import type { RoundEvent } from './round.events';
import { KUNSHAN, SIP, SMALL_INPUT, XIAN } from './testing/assessment-fixtures';
import {
  ALL_SUBMITTED,
  correct,
  importRanking,
  OPEN,
  publish,
  resultOf,
  ROUND,
  submitted,
} from './testing/round-fixtures';

// The outbox relay publishes each event's data with `encodeEventData`, which refuses what the
// proto does not define. Every event the domain produces must pass it and come back as it was:
// the data written with the defaults round.events.ts says (false, 0, '', [] written out; a few
// fields left out when their absence is the meaning).

// Compile-time: each event's data is assignable to its generated proto JSON type...
type ProtoJson = {
  MethodologyVersionCreated: MethodologyVersionCreatedJson;
  RoundOpened: RoundOpenedJson;
  IndicatorsSubmitted: IndicatorsSubmittedJson;
  IndicatorCorrected: IndicatorCorrectedJson;
  RoundScored: RoundScoredJson;
  ZoneScored: ZoneScoredJson;
  RoundPublished: RoundPublishedJson;
  ZoneScoreChanged: ZoneScoreChangedJson;
  ZoneRankChanged: ZoneRankChangedJson;
  ExitWarningIssued: ExitWarningIssuedJson;
  PublishedRankingImported: PublishedRankingImportedJson;
};
const asProtoJson: {
  [E in MethodologyEvent | RoundEvent as E['type']]: (data: E['data']) => ProtoJson[E['type']];
} = {
  MethodologyVersionCreated: (data) => data,
  RoundOpened: (data) => data,
  IndicatorsSubmitted: (data) => data,
  IndicatorCorrected: (data) => data,
  RoundScored: (data) => data,
  ZoneScored: (data) => data,
  RoundPublished: (data) => data,
  ZoneScoreChanged: (data) => data,
  ZoneRankChanged: (data) => data,
  ExitWarningIssued: (data) => data,
  PublishedRankingImported: (data) => data,
};
// ...and the methodology has the proto's fields, no more and no fewer (by JSON name).
const sameFields: [
  SameKeys<Methodology, MethodologyJson>,
  SameKeys<Dimension, DimensionJson>,
  SameKeys<Indicator, IndicatorJson>,
] = [true, true, true];

const ROUND_TYPES = Object.keys(asProtoJson).filter((type) => type !== 'MethodologyVersionCreated');

const seed = (file: string): MethodologyInput =>
  JSON.parse(
    readFileSync(join(__dirname, '..', '..', 'seed', 'methodologies', file), 'utf8'),
  ) as MethodologyInput;

// The seeds (names in both languages, 'assumed' indicators, unpublished weights in 2016) and the
// specs' small methodology (a dimension and indicators without a Chinese name), then its v2.
const methodologyEvents: MethodologyEvent[] = [
  ...recordedBy(methodologyDecider, [
    { type: 'CreateMethodologyVersion', data: { methodology: SMALL_INPUT } },
    {
      type: 'CreateMethodologyVersion',
      data: { methodology: { ...SMALL_INPUT, version: 2, notes: '' } },
    },
  ] satisfies MethodologyCommand[]),
  ...['mofcom-etdz-2021.json', 'mofcom-etdz-2016.json', 'ccid-top100-parks.json'].flatMap((file) =>
    recordedBy(methodologyDecider, [
      { type: 'CreateMethodologyVersion', data: { methodology: seed(file) } },
    ] satisfies MethodologyCommand[]),
  ),
];

// Round 2023 of the small methodology: six zones submit, Kunshan without its energy value at
// first (so a dimension has no score), SIP's FDI corrected; scored, Kunshan completed, scored
// again, published against round 2022 (Xi'an in the West's bottom then too); MofCOM's ranks
// imported, one row without an English name and one matching no zone.
const roundCommands: RoundCommand[] = [
  { type: 'OpenRound', data: OPEN },
  ...ALL_SUBMITTED.map(({ data }): RoundCommand => {
    const values = data.zoneId === KUNSHAN ? data.values.slice(0, 2) : data.values;
    return { type: 'SubmitIndicators', data: { ...data, values } };
  }),
  correct(),
  { type: 'ScoreRound', data: { roundId: ROUND } },
  {
    type: 'SubmitIndicators',
    data: { ...submitted(KUNSHAN).data, values: submitted(KUNSHAN).data.values.slice(2) },
  },
  { type: 'ScoreRound', data: { roundId: ROUND } },
  publish({
    previousResults: [
      { zoneId: SIP, roundId: '2022', total: 90, nationalRank: 2 },
      { zoneId: KUNSHAN, roundId: '2022', total: 70, nationalRank: 1 },
      { zoneId: XIAN, roundId: '2022', total: 0, nationalRank: 6 },
    ],
    previousBottoms: [{ roundId: '2022', zoneIds: [XIAN] }],
  }),
  importRanking({
    rows: [
      ...importRanking().data.rows,
      { rank: 9, nameZh: '昆山经开区' },
      { rank: 30, nameZh: '合肥经济技术开发区' },
    ],
  }),
];
const roundEvents: RoundEvent[] = recordedBy(roundDecider, roundCommands);

const events: (MethodologyEvent | RoundEvent)[] = [...methodologyEvents, ...roundEvents];

// The fields `decodeEventData` with defaults emitted may add to the data: those left out when
// their absence is the meaning (round.events.ts).
const LEFT_OUT_WHEN_NONE = ['nameZh', 'nameEn', 'zoneId', 'matchedBy', 'unmatchedReason'];

/** The paths of fields `decoded` has and `data` lacks. */
function addedFields(decoded: unknown, data: unknown, path = ''): string[] {
  if (Array.isArray(decoded) && Array.isArray(data))
    return decoded.flatMap((item, i) => addedFields(item, data[i], `${path}[${i}]`));
  if (!isRecord(decoded) || !isRecord(data)) return [];
  return Object.keys(decoded).flatMap((key) =>
    key in data ? addedFields(decoded[key], data[key], `${path}.${key}`) : [`${path}.${key}`],
  );
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const aggregateOf = (type: string) =>
  type === 'MethodologyVersionCreated' ? 'methodology' : 'round';
const ceTypeOf = (type: string): string => contractForDomainEvent(aggregateOf(type), type).ceType;

describe('assessment events', () => {
  it('cover every round and methodology contract, and every contract covers one of them', () => {
    expect(sameFields).toEqual([true, true, true]);
    const contracts = (aggregate: string) =>
      EventContracts.filter((contract) => contract.aggregate === aggregate)
        .map((contract) => contract.domainType)
        .sort();
    expect(contracts('methodology')).toEqual(['MethodologyVersionCreated']);
    expect(contracts('round')).toEqual([...ROUND_TYPES].sort());
  });

  it('have a fixture of every type, recorded by the deciders', () => {
    expect(new Set(events.map((event) => event.type))).toEqual(new Set(Object.keys(asProtoJson)));
    expect(roundEvents.filter((event) => event.type === 'RoundScored')).toHaveLength(2);
  });

  it("write a zone's total of 0, and leave a dimension with no score without one", () => {
    const last = roundEvents.slice(
      0,
      roundEvents.findIndex((e) => e.type === 'RoundPublished'),
    );
    expect(resultOf(last, XIAN).total).toBe(0);
    const firstScoring = roundEvents.filter(
      (event) => event.type === 'ZoneScored' && event.data.scoring === 1,
    );
    expect(resultOf(firstScoring, KUNSHAN).dimensions).toEqual([
      { key: 'opening', score: expect.any(Number) },
      { key: 'green' },
    ]);
  });

  it.each(events.map((event, i) => [`${i} ${event.type}`, event] as const))(
    '%s encodes, and decodes to the same data',
    (_name, event) => {
      const ceType = ceTypeOf(event.type);
      const bytes = encodeEventData(ceType, event.data);
      const full = decodeEventData(ceType, bytes, { alwaysEmitImplicit: true });
      // Nothing of the data lost or changed...
      expect(full).toMatchObject(event.data);
      // ...and only the fields left out when none added (at their defaults: the canonical
      // decoding, which leaves out every default, has nothing the data lacks).
      const added = addedFields(full, event.data);
      for (const path of added) expect(LEFT_OUT_WHEN_NONE).toContain(path.split('.').pop());
      expect(event.data).toMatchObject(decodeEventData(ceType, bytes));
      if (added.length === 0) expect(full).toEqual(event.data);
    },
  );
});
