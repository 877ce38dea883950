import type { ZoneExplanation } from '../src/application/round-analysis';
import { CENTRAL, EAST, registerZones, submission, testMethodology } from './assessment-fixtures';
import { startAssessmentEngine, type AssessmentEngineUnderTest } from './assessment-engine.harness';

// Indicator values submitted as CSV (text/csv): the same command, events and answer as the JSON
// form; a bad file, or one value the round refuses, records nothing; the route's body limit
// (ASSESSMENT_INDICATORS_BODY_LIMIT) holds for CSV, and other routes still refuse CSV bodies.
describe('assessment engine API: indicator values as CSV', () => {
  let engine: AssessmentEngineUnderTest;
  const zone = (name: string) => `${name}-${engine.id}`;
  const methodologyId = () => `csv-${engine.id}`;
  let rounds = 0;
  const post = (path: string, body?: unknown, headers: Record<string, string> = {}) =>
    engine.as('assessor')('POST', path, body, headers);
  const postCsv = (path: string, csv: string, headers: Record<string, string> = {}) =>
    fetch(`${engine.baseUrl}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${engine.tokens.assessor}`,
        'content-type': 'text/csv',
        ...headers,
      },
      body: csv,
    });
  const indicators = (roundId: string) => `/v1/rounds/${roundId}/indicators`;

  /** Opens a fresh round on the test register, and waits until its read model has it. */
  async function openRound(stage: string): Promise<string> {
    rounds += 1;
    const roundId = `${stage}-${rounds}-${engine.id}`;
    const opened = await post('/v1/rounds', {
      roundId,
      methodologyId: methodologyId(),
      methodologyVersion: 1,
      referenceDate: { year: 2022, month: 12, day: 31 },
      synthetic: true,
    });
    expect(opened.status).toBe(201);
    await engine.roundKnown(roundId, {});
    return roundId;
  }

  /** A problem's status, code and field errors; asserting it recorded nothing. */
  async function refusal(send: () => Promise<Response>) {
    const before = await engine.eventCount();
    const answer = await send();
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await answer.json()) as {
      code: string;
      errors?: { field: string; code: string; message: string }[];
      errorCount?: number;
      detail?: string;
    };
    expect(await engine.eventCount()).toBe(before);
    return { status: answer.status, ...problem };
  }

  /** The values a round's IndicatorsSubmitted events recorded, in order. */
  async function submittedValues(roundId: string): Promise<unknown[]> {
    const rows: { data: { roundId: string } }[] = await engine.dataSource.query(
      `select data from events where stream_id = $1 and event_type = 'IndicatorsSubmitted'
       order by stream_version`,
      [`round-${roundId}`],
    );
    expect(rows.every((row) => row.data.roundId === roundId)).toBe(true);
    return rows.map(({ data: { roundId: _roundId, ...rest } }) => rest);
  }

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

  it('records the same events and answers the same as the equivalent JSON submission', async () => {
    const [jsonRound, csvRound] = [await openRound('json'), await openRound('csv')];
    const names = [...EAST.slice(0, 4), ...CENTRAL];
    const values = names.map((name, i) => submission(zone(name), 100 - 10 * i, 1 + i / 2));
    const json = await post(indicators(jsonRound), { submissions: values });
    expect(json.status).toBe(201);

    // Other column order, quoting, a BOM, CRLF, and a zone's rows apart: grouped all the same.
    const lines = [
      '\uFEFFsource,value,zone_id,unit,indicator_key',
      ...values.map(
        ({ zoneId, values: [output] }) => `synthetic,${output.value},"${zoneId}",CNY 100m,output`,
      ),
      ...values.map(
        ({ zoneId, values: [, energy] }) => `"synthetic",${energy.value},${zoneId},tce,"energy"`,
      ),
    ];
    const csv = await postCsv(indicators(csvRound), `${lines.join('\r\n')}\r\n`);
    expect(csv.status).toBe(201);
    const jsonAnswer = (await json.json()) as { id: string };
    const csvAnswer = (await csv.json()) as { id: string };
    expect({ ...csvAnswer, id: jsonRound }).toEqual(jsonAnswer);
    expect(csv.headers.get('etag')).toBe(json.headers.get('etag'));
    expect(await submittedValues(csvRound)).toEqual(await submittedValues(jsonRound));

    // Scored, each zone's explanation is the same in both rounds.
    for (const roundId of [jsonRound, csvRound]) {
      expect((await post(`/v1/rounds/${roundId}/scorings`)).status).toBe(201);
      await engine.roundKnown(roundId, { scoring: 1 });
    }
    for (const name of names) {
      const [fromJson, fromCsv] = await Promise.all(
        [jsonRound, csvRound].map(async (roundId) => {
          const answer = await engine.as('analyst')(
            'GET',
            `/v1/rounds/${roundId}/zones/${zone(name)}`,
          );
          expect(answer.status).toBe(200);
          const { roundId: _roundId, ...explanation } = (await answer.json()) as ZoneExplanation;
          return explanation;
        }),
      );
      expect(fromCsv).toEqual(fromJson);
    }
  });

  it('refuses a bad CSV whole, naming lines and columns, and records nothing', async () => {
    const roundId = await openRound('bad');
    const csv = [
      'zone_id,indicator_key,value,unit,source',
      `${zone('e1')},output,100,CNY 100m,synthetic`,
      `${zone('e2')},output,0x10,CNY 100m,synthetic`,
      `${zone('e3')},output,1e999,CNY 100m,synthetic`,
      `${zone('e4')},output,,CNY 100m,synthetic`,
    ].join('\n');
    const problem = await refusal(() => postCsv(indicators(roundId), csv));
    expect(problem).toMatchObject({ status: 400, code: 'VALIDATION.FAILED', errorCount: 3 });
    expect(problem.errors?.map(({ field, message }) => `${field}: ${message}`)).toEqual([
      'line 3 value: must be a decimal number as JSON writes it, such as 12.5, -3 or 1.5e3',
      'line 4 value: must be a finite number',
      'line 5 value: must be a number; the field is empty',
    ]);

    const missing = await refusal(() =>
      postCsv(
        indicators(roundId),
        `zone_id,indicator_key,value,unit\n${zone('e1')},output,1,CNY 100m`,
      ),
    );
    expect(missing).toMatchObject({ status: 400, code: 'VALIDATION.FAILED' });
    expect(missing.errors?.[0]).toMatchObject({ field: 'line 1 source', code: 'csvColumnMissing' });

    const empty = await refusal(() => postCsv(indicators(roundId), ''));
    expect(empty).toMatchObject({ status: 400, code: 'VALIDATION.FAILED' });
    expect(empty.errors?.[0]).toMatchObject({ field: 'line 1', code: 'csvHeader' });

    const unclosed = await refusal(() =>
      postCsv(
        indicators(roundId),
        `zone_id,indicator_key,value,unit,source\n"${zone('e1')},output`,
      ),
    );
    expect(unclosed).toMatchObject({ status: 400, code: 'IMPORT.MALFORMED_CSV' });
  });

  it("refuses a whole CSV for one value the round refuses, as it refuses JSON's", async () => {
    const roundId = await openRound('one-bad');
    const csv = [
      'zone_id,indicator_key,value,unit,source',
      ...EAST.slice(0, 5).map((name) => `${zone(name)},output,10,CNY 100m,synthetic`),
      `${zone('p1')},output,10,CNY 100m,synthetic`,
    ].join('\n');
    expect(await refusal(() => postCsv(indicators(roundId), csv))).toMatchObject({
      status: 422,
      code: 'ASSESSMENT.ZONE_NOT_IN_POPULATION',
    });
    const negative = `zone_id,indicator_key,value,unit,source\n${zone('e1')},energy,-1,tce,x`;
    expect(await refusal(() => postCsv(indicators(roundId), negative))).toMatchObject({
      status: 422,
      code: 'ASSESSMENT.NEGATIVE_VALUE',
    });
    expect(await submittedValues(roundId)).toEqual([]);
  });

  it('answers a retried CSV submission (same Idempotency-Key) the same, recording nothing more', async () => {
    const roundId = await openRound('retry');
    const key = `csv-retry-${engine.id}`;
    const csv = `zone_id,indicator_key,value,unit,source\n${zone('w1')},output,35,CNY 100m,synthetic\n`;
    const first = await postCsv(indicators(roundId), csv, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    const recorded = await engine.eventCount();
    const again = await postCsv(indicators(roundId), csv, { 'idempotency-key': key });
    expect(again.status).toBe(201);
    expect(await again.json()).toEqual({ ...((await first.json()) as object), replayed: true });
    expect(await engine.eventCount()).toBe(recorded);

    const other = csv.replace(',35,', ',36,');
    expect(
      await refusal(() => postCsv(indicators(roundId), other, { 'idempotency-key': key })),
    ).toMatchObject({ status: 422, code: 'IDEMPOTENCY.KEY_REUSED' });
  });

  it('takes a CSV beyond HTTP_BODY_LIMIT up to the route limit; refuses CSV bodies elsewhere', async () => {
    const roundId = await openRound('large');
    const header = 'zone_id,indicator_key,value,unit,source';
    // About 1.5 MiB: past the service-wide 1 MiB limit, within the route's 4 MiB. One zone's
    // 10,000 values are more than a submission gives a zone: the text reached the route.
    const row = `${zone('e1')},output,1,CNY 100m,${'s'.repeat(120)}`;
    const large = `${header}\n${`${row}\n`.repeat(10_000)}`;
    expect(Buffer.byteLength(large)).toBeGreaterThan(1024 * 1024);
    const reached = await refusal(() => postCsv(indicators(roundId), large));
    expect(reached).toMatchObject({ status: 400, code: 'VALIDATION.FAILED' });
    expect(reached.errors).toEqual([
      expect.objectContaining({ field: 'line 2 zone_id', code: 'arrayMaxSize' }),
    ]);

    const huge = `${header}\n${`${row}\n`.repeat(30_000)}`;
    expect(Buffer.byteLength(huge)).toBeGreaterThan(4 * 1024 * 1024);
    expect(await refusal(() => postCsv(indicators(roundId), huge))).toMatchObject({
      status: 413,
      code: 'REQUEST.TOO_LARGE',
    });
    expect(await refusal(() => postCsv('/v1/rounds', large))).toMatchObject({
      status: 413,
      code: 'REQUEST.TOO_LARGE',
    });

    // Within the service-wide limit, a CSV body is no round, correction or what-if.
    const small = `${header}\n${row}\n`;
    for (const path of ['/v1/rounds', `/v1/rounds/${roundId}/corrections`]) {
      expect(await refusal(() => postCsv(path, small))).toMatchObject({
        status: 400,
        code: 'VALIDATION.FAILED',
      });
    }
  });

  it('still refuses JSON the DTO refuses, now that the route reads its own body', async () => {
    const roundId = await openRound('json-checks');
    const good = submission(zone('e1'), 10, 1);
    for (const body of [
      {},
      { submissions: [good], extra: true },
      { submissions: [{ ...good, values: [{ ...good.values[0], note: 'x' }] }] },
      { submissions: [{ ...good, values: [{ ...good.values[0], value: '10' }] }] },
      [good],
    ]) {
      expect(await refusal(() => post(indicators(roundId), body))).toMatchObject({
        status: 400,
        code: 'VALIDATION.FAILED',
      });
    }
  });
});
