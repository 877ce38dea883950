import {
  CENTRAL,
  EAST,
  registerZones,
  submission,
  testMethodology,
  WEST,
} from './assessment-fixtures';
import { startAssessmentEngine, type AssessmentEngineUnderTest } from './assessment-engine.harness';

// Publishing compares each zone with the round published before: read from the round results
// read model, which follows the assessments topic moments behind the event store. A round
// published right after another (nothing waits in between, as a script would do it) must still
// be compared with it.
describe('assessment engine: a round published right after another', () => {
  let engine: AssessmentEngineUnderTest;
  const zone = (name: string) => `${name}-${engine.id}`;
  const post = async (path: string, body?: unknown) => {
    const answer = await engine.as('assessor')('POST', path, body);
    expect({ path, status: answer.status, body: await answer.text() }).toMatchObject({
      status: 201,
    });
  };

  beforeAll(async () => {
    engine = await startAssessmentEngine();
    const { messages, versions } = registerZones(engine.id);
    await engine.publishZones(messages);
    await engine.zonesKnown(versions);
    await post('/v1/methodologies', testMethodology(`m-${engine.id}`));
  });
  afterAll(async () => {
    await engine?.stop();
  });

  /** Opens, fills and scores a round; e1 and e2 swap places when `swap`. */
  async function score(roundId: string, year: number, swap: boolean): Promise<void> {
    await post('/v1/rounds', {
      roundId,
      methodologyId: `m-${engine.id}`,
      methodologyVersion: 1,
      referenceDate: { year, month: 12, day: 31 },
      synthetic: true,
    });
    const submissions = [...EAST, ...CENTRAL, ...WEST].map((name, i) => {
      const place = swap && i < 2 ? 1 - i : i;
      return submission(zone(name), 100 - 5 * place, 1 + place);
    });
    await post(`/v1/rounds/${roundId}/indicators`, { submissions });
    await post(`/v1/rounds/${roundId}/scorings`);
  }

  it('records the rank changes against the round published just before', async () => {
    const [first, second] = [`first-${engine.id}`, `second-${engine.id}`];
    await score(first, 2021, false);
    await score(second, 2022, true);
    await post(`/v1/rounds/${first}/publication`);
    await post(`/v1/rounds/${second}/publication`);

    const rows: { data: Record<string, unknown> }[] = await engine.dataSource.query(
      `select data from events where stream_id = $1 and event_type = 'ZoneRankChanged'
       order by stream_version`,
      [`round-${second}`],
    );
    expect(rows.map((row) => row.data)).toEqual([
      {
        roundId: second,
        zoneId: zone('e2'),
        previousRoundId: first,
        previousRank: 2,
        rank: 1,
        delta: -1,
      },
      {
        roundId: second,
        zoneId: zone('e1'),
        previousRoundId: first,
        previousRank: 1,
        rank: 2,
        delta: 1,
      },
    ]);
  });
});
