import { ROLES } from '@zoneledger/platform';
import {
  conventionalRoles,
  eventCounter,
  FUZZ_SERVICE_ENV,
  fuzzProfileFromEnv,
  fuzzWithSummary,
  type EventCounter,
} from '@zoneledger/testing';
import { EAST, registerZones, submission, testMethodology } from './assessment-fixtures';
import { startAssessmentEngine, type AssessmentEngineUnderTest } from './assessment-engine.harness';

// The promise, checked from the OpenAPI document: every malformed request is refused with
// a small problem+json 4xx and records nothing, nothing answers 5xx or stalls the event loop, and
// the service is healthy afterwards. FUZZ_PROFILE=full (npm run fuzz) sends thousands of requests
// from a printed seed; FUZZ_SEED and FUZZ_ONLY replay a reported violation; FUZZ_REPORT=<file>
// keeps the whole report as JSON.
const profile = fuzzProfileFromEnv();

// Reads are open to every role, and so is the what-if (a POST that records nothing); every other
// write needs assessor; /v1/admin needs ops.
const conventional = conventionalRoles('assessor', ROLES);
const rolesOf = (operation: Parameters<typeof conventional>[0]) =>
  operation.path.endsWith('/what-if') ? [...ROLES] : conventional(operation);

describe(`assessment engine under the ${profile.name} fuzz (seed ${profile.seed})`, () => {
  let engine: AssessmentEngineUnderTest;
  let events: EventCounter;

  beforeAll(async () => {
    engine = await startAssessmentEngine({ ...FUZZ_SERVICE_ENV });
    events = eventCounter(process.env.DATABASE_URL ?? '', engine.schema);
  });
  afterAll(async () => {
    await events?.close();
    await engine?.stop();
  });

  it(
    'refuses every malformed request with a small problem+json, records nothing for it, never stalls',
    async () => {
      // Zones, a methodology and rounds to aim valid requests at: one open round with values, one
      // scored, one published (so what-ifs, rankings and explanations reach real scores).
      const { messages, versions } = registerZones(engine.id);
      await engine.publishZones(messages);
      await engine.zonesKnown(versions);
      const zoneIds = Object.keys(versions);
      const post = (path: string, body?: unknown) => engine.as('assessor')('POST', path, body);
      const methodologyId = `fuzz-${engine.id}`;
      expect((await post('/v1/methodologies', testMethodology(methodologyId))).status).toBe(201);

      const roundIds = ['open', 'scored', 'published'].map((stage) => `${stage}-${engine.id}`);
      for (const [index, roundId] of roundIds.entries()) {
        const opened = await post('/v1/rounds', {
          roundId,
          methodologyId,
          methodologyVersion: 1,
          referenceDate: { year: 2022, month: 12, day: 31 },
          synthetic: true,
        });
        expect(opened.status).toBe(201);
        const values = EAST.slice(0, 6).map((name, i) =>
          submission(`${name}-${engine.id}`, 100 - 10 * i, 1 + i),
        );
        expect(
          (await post(`/v1/rounds/${roundId}/indicators`, { submissions: values })).status,
        ).toBe(201);
        if (index >= 1) expect((await post(`/v1/rounds/${roundId}/scorings`)).status).toBe(201);
        if (index >= 2) expect((await post(`/v1/rounds/${roundId}/publication`)).status).toBe(201);
      }
      await engine.roundKnown(roundIds[0], {});
      await engine.roundKnown(roundIds[1], { scoring: 1 });
      await engine.roundKnown(roundIds[2], { scoring: 1, published: true });
      const recordedBefore = await events.count();

      const { report, summary } = await fuzzWithSummary(
        'assessment-engine',
        {
          baseUrl: engine.baseUrl,
          tokens: engine.tokens,
          rolesOf,
          hints: {
            knownValues: { roundId: roundIds, methodologyId: [methodologyId], zoneId: zoneIds },
          },
          countRecords: () => events.count(),
        },
        profile,
      );

      expect(report.operations).toBeGreaterThanOrEqual(16);
      // Valid requests reach real rounds: some are accepted (others meet the rounds' rules).
      expect(report.classes.valid.accepted).toBeGreaterThan(0);
      // The count the fuzz compares is live: the set-up recorded events the count sees.
      expect(recordedBefore).toBeGreaterThan(roundIds.length);
      expect(report.violations.length === 0 ? 'no violations' : summary).toBe('no violations');
    },
    profile.testTimeoutMs,
  );
});
