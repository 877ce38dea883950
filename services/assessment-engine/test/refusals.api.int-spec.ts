import type { Role } from '@zoneledger/platform';
import { EAST, registerZones, submission, testMethodology } from './assessment-fixtures';
import { startAssessmentEngine, type AssessmentEngineUnderTest } from './assessment-engine.harness';

// Bad input is refused with a 4xx problem+json carrying a stable code, and records nothing: the
// engine's event count is the same before and after every refusal.
describe('assessment engine API: refusals record nothing', () => {
  let engine: AssessmentEngineUnderTest;
  const zone = (name: string) => `${name}-${engine.id}`;
  const methodologyId = () => `refusals-${engine.id}`;
  // An open round (values may be submitted) and a published one (final).
  const openRound = () => `open-${engine.id}`;
  const publishedRound = () => `published-${engine.id}`;
  // A round without values; one with values newer than its scoring; one on assumed weights.
  const emptyRound = () => `empty-${engine.id}`;
  const staleRound = () => `stale-${engine.id}`;
  const assumedRound = () => `assumed-${engine.id}`;

  const call = (role: Role, method: string, path: string, body?: unknown, headers = {}) =>
    engine.as(role)(method, path, body, headers);
  const post = (path: string, body?: unknown, headers: Record<string, string> = {}) =>
    call('assessor', 'POST', path, body, headers);
  /** Sends a body as written, for JSON that JSON.stringify would not produce. */
  const postRaw = (path: string, raw: string) =>
    fetch(`${engine.baseUrl}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${engine.tokens.assessor}`,
        'content-type': 'application/json',
      },
      body: raw,
    });
  const opening = (roundId: string, overrides: Record<string, unknown> = {}) => ({
    roundId,
    methodologyId: methodologyId(),
    methodologyVersion: 1,
    referenceDate: { year: 2022, month: 12, day: 31 },
    synthetic: true,
    ...overrides,
  });

  /** Expects a refusal of this status and code that recorded nothing. */
  async function expectRefusal(
    send: () => Promise<Response>,
    status: number,
    code: string,
  ): Promise<{ code: string; detail?: string }> {
    const before = await engine.eventCount();
    const answer = await send();
    const problem = (await answer.json()) as { code: string; status: number; detail?: string };
    expect({ status: answer.status, code: problem.code }).toEqual({ status, code });
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(problem.status).toBe(status);
    expect(await engine.eventCount()).toBe(before);
    return problem;
  }

  beforeAll(async () => {
    engine = await startAssessmentEngine();
    const { messages, versions } = registerZones(engine.id);
    await engine.publishZones(messages);
    await engine.zonesKnown(versions);
    expect((await post('/v1/methodologies', testMethodology(methodologyId()))).status).toBe(201);
    expect((await post('/v1/rounds', opening(openRound()))).status).toBe(201);
    expect((await post('/v1/rounds', opening(publishedRound()))).status).toBe(201);
    const values = EAST.map((name, i) => submission(zone(name), 100 - 10 * i, 1 + i));
    const published = `/v1/rounds/${publishedRound()}`;
    expect((await post(`${published}/indicators`, { submissions: values })).status).toBe(201);
    expect((await post(`${published}/scorings`)).status).toBe(201);
    expect((await post(`${published}/publication`)).status).toBe(201);
    await engine.roundKnown(publishedRound(), { scoring: 1, published: true });

    expect((await post('/v1/rounds', opening(emptyRound()))).status).toBe(201);
    const stale = `/v1/rounds/${staleRound()}`;
    expect((await post('/v1/rounds', opening(staleRound()))).status).toBe(201);
    expect((await post(`${stale}/indicators`, { submissions: values.slice(0, 4) })).status).toBe(
      201,
    );
    expect((await post(`${stale}/scorings`)).status).toBe(201);
    expect((await post(`${stale}/indicators`, { submissions: values.slice(4) })).status).toBe(201);

    const assumed = `assumed-${engine.id}`;
    const methodology = testMethodology(assumed, { weightsPublished: false });
    expect((await post('/v1/methodologies', methodology)).status).toBe(201);
    const assumedOpening = opening(assumedRound(), { methodologyId: assumed });
    expect((await post('/v1/rounds', assumedOpening)).status).toBe(201);
    expect(
      (await post(`/v1/rounds/${assumedRound()}/indicators`, { submissions: values })).status,
    ).toBe(201);
  });
  afterAll(async () => {
    await engine?.stop();
  });

  describe('indicator values', () => {
    const indicators = () => `/v1/rounds/${openRound()}/indicators`;
    const one = (values: Record<string, unknown>[], zoneId = zone('e1')) => ({
      submissions: [{ zoneId, values }],
    });
    const output = (overrides: Record<string, unknown> = {}) => ({
      indicatorKey: 'output',
      value: 10,
      unit: 'CNY 100m',
      source: 'synthetic',
      ...overrides,
    });

    it.each([
      ['no submissions', {}],
      ['submissions not an array', { submissions: 'e1' }],
      ['an empty list', { submissions: [] }],
      ['a submission without values', { submissions: [{ zoneId: 'e1' }] }],
      ['a value without its unit', { submissions: [{ zoneId: 'e1', values: [{ value: 1 }] }] }],
    ])('refuses %s (400)', async (_case, body) => {
      await expectRefusal(() => post(indicators(), body), 400, 'VALIDATION.FAILED');
    });

    it('refuses a value of the wrong type (400)', async () => {
      await expectRefusal(
        () => post(indicators(), one([output({ value: '10' })])),
        400,
        'VALIDATION.FAILED',
      );
    });

    it('refuses an indicator the methodology does not have (422)', async () => {
      await expectRefusal(
        () => post(indicators(), one([output({ indicatorKey: 'exports' })])),
        422,
        'ASSESSMENT.UNKNOWN_INDICATOR',
      );
    });

    it("refuses a value in another unit than the methodology's (422)", async () => {
      await expectRefusal(
        () => post(indicators(), one([output({ unit: 'USD 100m' })])),
        422,
        'ASSESSMENT.WRONG_UNIT',
      );
    });

    it('refuses Infinity, sent as the JSON number 1e999 (400)', async () => {
      const raw =
        `{"submissions":[{"zoneId":"${zone('e1')}","values":[{"indicatorKey":"output",` +
        `"value":1e999,"unit":"CNY 100m","source":"synthetic"}]}]}`;
      await expectRefusal(() => postRaw(indicators(), raw), 400, 'VALIDATION.FAILED');
    });

    it('refuses NaN, which is not JSON (400)', async () => {
      const raw =
        `{"submissions":[{"zoneId":"${zone('e1')}","values":[{"indicatorKey":"output",` +
        `"value":NaN,"unit":"CNY 100m","source":"synthetic"}]}]}`;
      await expectRefusal(() => postRaw(indicators(), raw), 400, 'REQUEST.MALFORMED_JSON');
    });

    it('refuses a negative value where the indicator allows none (422)', async () => {
      await expectRefusal(
        () => post(indicators(), one([output({ value: -1 })])),
        422,
        'ASSESSMENT.NEGATIVE_VALUE',
      );
    });

    it.each([
      ['a provincial zone', 'p1'],
      ['a zone that exited before the reference date', 'x1'],
      ['a zone the register never had', 'nowhere'],
    ])("refuses values for %s, outside the round's population (422)", async (_case, name) => {
      await expectRefusal(
        () => post(indicators(), one([output()], zone(name))),
        422,
        'ASSESSMENT.ZONE_NOT_IN_POPULATION',
      );
    });

    it('refuses values for a published round (422)', async () => {
      await expectRefusal(
        () =>
          post(`/v1/rounds/${publishedRound()}/indicators`, {
            submissions: [submission(zone('c1'), 50, 5)],
          }),
        422,
        'ASSESSMENT.ROUND_PUBLISHED',
      );
    });

    it('refuses values for a round never opened (404)', async () => {
      await expectRefusal(
        () => post(`/v1/rounds/never-${engine.id}/indicators`, one([output()])),
        404,
        'ASSESSMENT.ROUND_NOT_FOUND',
      );
    });

    it('refuses an indicator given twice in one submission (422)', async () => {
      await expectRefusal(
        () => post(indicators(), one([output(), output({ value: 11 })])),
        422,
        'ASSESSMENT.DUPLICATE_INDICATOR',
      );
    });

    it('refuses a submission without values, or a zone id the register would not take (400)', async () => {
      await expectRefusal(() => post(indicators(), one([])), 400, 'VALIDATION.FAILED');
      await expectRefusal(
        () => post(indicators(), one([output()], 'Not A Zone')),
        400,
        'VALIDATION.FAILED',
      );
    });

    it('refuses a correction without a reason (400) or of a value never submitted (422)', async () => {
      const corrections = `/v1/rounds/${openRound()}/corrections`;
      const correction = { zoneId: zone('e7'), ...output(), reason: 'revised yearbook figure' };
      await expectRefusal(
        () => post(corrections, { ...correction, reason: undefined }),
        400,
        'VALIDATION.FAILED',
      );
      await expectRefusal(() => post(corrections, correction), 422, 'ASSESSMENT.NOTHING_SUBMITTED');
      await expectRefusal(
        () =>
          post(`/v1/rounds/${publishedRound()}/corrections`, {
            ...correction,
            zoneId: zone('e1'),
          }),
        422,
        'ASSESSMENT.ROUND_PUBLISHED',
      );
    });

    it('records nothing of a bulk submission when one zone of many is bad', async () => {
      const good = EAST.slice(1).map((name, i) => submission(zone(name), 90 - 10 * i, 2 + i));
      await expectRefusal(
        () =>
          post(indicators(), {
            submissions: [...good.slice(0, 3), submission(zone('p1'), 10, 1), ...good.slice(3)],
          }),
        422,
        'ASSESSMENT.ZONE_NOT_IN_POPULATION',
      );
      await expectRefusal(
        () =>
          post(indicators(), {
            submissions: [...good, submission(zone('c1'), 10, -1)],
          }),
        422,
        'ASSESSMENT.NEGATIVE_VALUE',
      );
    });

    it('answers a retried submission (same Idempotency-Key) the same, recording nothing more', async () => {
      const key = `retry-${engine.id}`;
      const body = { submissions: [submission(zone('w1'), 35, 6.5)] };
      const first = await post(indicators(), body, { 'idempotency-key': key });
      expect(first.status).toBe(201);
      const recorded = await engine.eventCount();
      const again = await post(indicators(), body, { 'idempotency-key': key });
      expect(again.status).toBe(first.status);
      const firstResult = (await first.json()) as Record<string, unknown>;
      expect(await again.json()).toEqual({ ...firstResult, replayed: true });
      expect(await engine.eventCount()).toBe(recorded);
      // Without the key, the same values are already recorded: nothing more either.
      const resent = await post(indicators(), body);
      expect(resent.status).toBe(201);
      expect(await resent.json()).toMatchObject({ recorded: [] });
      expect(await engine.eventCount()).toBe(recorded);
    });

    it('refuses the same Idempotency-Key on another body, and another value for one submitted', async () => {
      const key = `reuse-${engine.id}`;
      const body = { submissions: [submission(zone('c1'), 55, 4.5)] };
      expect((await post(indicators(), body, { 'idempotency-key': key })).status).toBe(201);
      const other = { submissions: [submission(zone('c1'), 56, 4.5)] };
      await expectRefusal(
        () => post(indicators(), other, { 'idempotency-key': key }),
        422,
        'IDEMPOTENCY.KEY_REUSED',
      );
      await expectRefusal(() => post(indicators(), other), 409, 'ASSESSMENT.ALREADY_SUBMITTED');
    });

    it('refuses a token without the assessor role (403)', async () => {
      for (const role of ['analyst', 'zone-admin', 'policy-admin', 'ops'] as const) {
        await expectRefusal(
          () =>
            call(role, 'POST', indicators(), { submissions: [submission(zone('c2'), 15, 8.5)] }),
          403,
          'AUTH.FORBIDDEN',
        );
      }
    });
  });

  describe('methodologies', () => {
    it.each([
      ['no dimensions', { dimensions: [] }],
      ['a version that is not a number', { version: 'one' }],
      ['an unknown normalisation', { normalisation: 'NORMALISATION_RANDOM' }],
      ['a name missing', { name: undefined }],
    ])('refuses %s (400)', async (_case, overrides) => {
      await expectRefusal(
        () => post('/v1/methodologies', testMethodology(`bad-${engine.id}`, overrides)),
        400,
        'VALIDATION.FAILED',
      );
    });

    it('refuses dimension weights that do not sum to 1 (422)', async () => {
      const methodology = testMethodology(`sum-${engine.id}`);
      methodology.dimensions[1].weight = 0.5;
      await expectRefusal(
        () => post('/v1/methodologies', methodology),
        422,
        'ASSESSMENT.WEIGHTS_DO_NOT_SUM_TO_ONE',
      );
    });

    it('records nothing for the same version created again identically; other content is 409', async () => {
      const id = `twice-${engine.id}`;
      expect((await post('/v1/methodologies', testMethodology(id))).status).toBe(201);
      const recorded = await engine.eventCount();
      const again = await post('/v1/methodologies', testMethodology(id));
      expect(again.status).toBeGreaterThanOrEqual(200);
      expect(again.status).toBeLessThan(300);
      expect(await engine.eventCount()).toBe(recorded);
      await expectRefusal(
        () => post('/v1/methodologies', testMethodology(id, { name: 'Another name' })),
        409,
        'ASSESSMENT.METHODOLOGY_VERSION_EXISTS',
      );
    });

    it('refuses a version that is not the next one (409)', async () => {
      await expectRefusal(
        () => post('/v1/methodologies', testMethodology(`skip-${engine.id}`, { version: 3 })),
        409,
        'ASSESSMENT.METHODOLOGY_VERSION_NOT_NEXT',
      );
    });
  });

  describe('rounds', () => {
    it('refuses a second round with the same id, opened differently (409)', async () => {
      await expectRefusal(
        () =>
          post(
            '/v1/rounds',
            opening(openRound(), { referenceDate: { year: 2023, month: 6, day: 30 } }),
          ),
        409,
        'ASSESSMENT.ROUND_ALREADY_OPENED',
      );
      await expectRefusal(
        () => post('/v1/rounds', opening(openRound(), { synthetic: false })),
        409,
        'ASSESSMENT.ROUND_ALREADY_OPENED',
      );
    });

    it('refuses a round on a methodology it does not know (404)', async () => {
      await expectRefusal(
        () =>
          post(
            '/v1/rounds',
            opening(`nomethod-${engine.id}`, { methodologyId: `none-${engine.id}` }),
          ),
        404,
        'ASSESSMENT.METHODOLOGY_NOT_FOUND',
      );
      await expectRefusal(
        () => post('/v1/rounds', opening(`noversion-${engine.id}`, { methodologyVersion: 2 })),
        404,
        'ASSESSMENT.METHODOLOGY_NOT_FOUND',
      );
    });

    it.each([
      ['an impossible reference date', { referenceDate: { year: 2023, month: 2, day: 30 } }],
      ['synthetic missing', { synthetic: undefined }],
      ['a methodology version as text', { methodologyVersion: '1' }],
      ['an empty list of zone levels', { zoneLevels: [] }],
    ])('refuses %s (400)', async (_case, overrides) => {
      await expectRefusal(
        () => post('/v1/rounds', opening(`bad-${engine.id}`, overrides)),
        400,
        'VALIDATION.FAILED',
      );
    });

    it('answers 404 for a round the reads do not know', async () => {
      for (const path of [
        '',
        '/rankings',
        '/published-ranking',
        '/uncertainty',
        `/zones/${zone('e1')}`,
      ]) {
        await expectRefusal(
          () => call('analyst', 'GET', `/v1/rounds/unknown-${engine.id}${path}`),
          404,
          'ASSESSMENT.ROUND_NOT_FOUND',
        );
      }
    });
  });

  describe('scoring and publication', () => {
    it('refuses to score a round without values, or to publish it unscored (422)', async () => {
      await expectRefusal(
        () => post(`/v1/rounds/${emptyRound()}/scorings`),
        422,
        'ASSESSMENT.NOTHING_TO_SCORE',
      );
      await expectRefusal(
        () => post(`/v1/rounds/${emptyRound()}/publication`),
        422,
        'ASSESSMENT.ROUND_NOT_SCORED',
      );
    });

    it('refuses to publish scores older than the values (409)', async () => {
      await expectRefusal(
        () => post(`/v1/rounds/${staleRound()}/publication`),
        409,
        'ASSESSMENT.SCORES_STALE',
      );
    });

    it('refuses to score a round on weights never published (422)', async () => {
      await expectRefusal(
        () => post(`/v1/rounds/${assumedRound()}/scorings`),
        422,
        'ASSESSMENT.WEIGHTS_UNPUBLISHED',
      );
    });

    it('refuses a published ranking listing a rank twice (422), or with no rows (400)', async () => {
      const path = `/v1/rounds/${publishedRound()}/published-ranking`;
      await expectRefusal(
        () =>
          post(path, {
            rows: [
              { rank: 1, nameZh: `${engine.id}e1经开区` },
              { rank: 1, nameZh: `${engine.id}e2经开区` },
            ],
          }),
        422,
        'ASSESSMENT.DUPLICATE_RANK',
      );
      await expectRefusal(() => post(path, { rows: [] }), 400, 'VALIDATION.FAILED');
      await expectRefusal(
        () => post(path, { rows: [{ rank: 0, nameZh: '某开发区' }] }),
        400,
        'VALIDATION.FAILED',
      );
    });
  });

  describe('analysis', () => {
    const whatIf = (roundId: string) => `/v1/rounds/${roundId}/what-if`;

    it('refuses a what-if whose weights do not sum to 1 (422)', async () => {
      await expectRefusal(
        () =>
          post(whatIf(publishedRound()), {
            dimensionWeights: [
              { key: 'growth', weight: 0.5 },
              { key: 'green', weight: 0.6 },
            ],
          }),
        422,
        'ASSESSMENT.WEIGHTS_DO_NOT_SUM_TO_ONE',
      );
    });

    it('refuses a what-if that changes nothing (400), and one on a dimension it lacks (422)', async () => {
      await expectRefusal(() => post(whatIf(publishedRound()), {}), 400, 'VALIDATION.FAILED');
      await expectRefusal(() => post(whatIf(publishedRound())), 400, 'VALIDATION.FAILED');
      await expectRefusal(
        () =>
          post(whatIf(publishedRound()), {
            dimensionWeights: [{ key: 'opening-up', weight: 1 }],
          }),
        422,
        'ASSESSMENT.UNKNOWN_OPTION',
      );
    });

    it('refuses a what-if naming a dimension twice (400)', async () => {
      await expectRefusal(
        () =>
          post(whatIf(publishedRound()), {
            dimensionWeights: [
              { key: 'growth', weight: 0.6 },
              { key: 'growth', weight: 0.4 },
            ],
          }),
        400,
        'VALIDATION.FAILED',
      );
    });

    it('refuses a what-if on a round never scored (422)', async () => {
      await expectRefusal(
        () => post(whatIf(openRound()), { normalisation: 'NORMALISATION_Z_SCORE' }),
        422,
        'ASSESSMENT.ROUND_NOT_SCORED',
      );
    });

    it.each(['0', '10001', '-5', '2.5', 'many'])(
      'refuses %s uncertainty draws (400)',
      async (draws) => {
        await expectRefusal(
          () => call('analyst', 'GET', `/v1/rounds/${publishedRound()}/uncertainty?draws=${draws}`),
          400,
          'VALIDATION.FAILED',
        );
      },
    );
  });
});
