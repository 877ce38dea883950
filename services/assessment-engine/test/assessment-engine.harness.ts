import { Topics } from '@zoneledger/contracts';
import { eventually } from '@zoneledger/testing';
import { startServiceUnderTest, type ServiceUnderTest } from '@zoneledger/service-testing';
import type { Message } from 'kafkajs';
import { ASSESSMENT_ERROR_MAPPINGS } from '../src/api/assessment-error-mappings';
import { AssessmentEngineModule } from '../src/app.module';
import { AssessmentEngineMigrations } from '../src/migrations';

/** A running assessment engine of its own (schema, topics, consumer groups). */
export interface AssessmentEngineUnderTest extends ServiceUnderTest {
  /** Publishes zone events to its zones topic, as the zone registry's relay would. */
  publishZones(messages: readonly Message[]): Promise<void>;
  /** Waits until its zone read models hold these zones at these stream versions. */
  zonesKnown(versions: Readonly<Record<string, number>>): Promise<void>;
  /** Waits until its round read model shows the round at this scoring (published or not). */
  roundKnown(roundId: string, state: { scoring?: number; published?: boolean }): Promise<void>;
}

/** Starts the engine in-process on a fresh schema and topic prefix, as main.ts would. */
export async function startAssessmentEngine(
  env: Record<string, string> = {},
): Promise<AssessmentEngineUnderTest> {
  const engine = await startServiceUnderTest({
    service: 'assessment-engine',
    migrations: AssessmentEngineMigrations,
    imports: [AssessmentEngineModule],
    errorMappings: ASSESSMENT_ERROR_MAPPINGS,
    env,
  });
  const db = engine.dataSource;
  return {
    ...engine,
    publishZones: (messages) => engine.publish(Topics.zones, messages),
    async zonesKnown(versions) {
      const zoneIds = Object.keys(versions);
      await eventually(async () => {
        const rows: { zone_id: string; stream_version: number }[] = await db.query(
          `select zone_id, max(stream_version) as stream_version from zone_timeline
           where zone_id = any($1::text[]) group by zone_id`,
          [zoneIds],
        );
        const known = Object.fromEntries(rows.map((row) => [row.zone_id, row.stream_version]));
        const missing = zoneIds.filter((zoneId) => (known[zoneId] ?? 0) < versions[zoneId]);
        if (missing.length > 0) throw new Error(`zone timeline lacks ${missing.join(', ')}`);
        const [{ named }]: { named: number }[] = await db.query(
          `select count(*)::int as named from zone_names where zone_id = any($1::text[])`,
          [zoneIds],
        );
        if (named < zoneIds.length) throw new Error('zone names lag');
      });
    },
    async roundKnown(roundId, state) {
      await eventually(async () => {
        const [row]: { scoring: number; published: boolean; zones_scored: number }[] =
          await db.query(
            `select scoring, published, zones_scored from round_summary where round_id = $1`,
            [roundId],
          );
        if (!row) throw new Error(`round ${roundId} not in the read model yet`);
        if (state.scoring !== undefined && row.scoring < state.scoring)
          throw new Error(`round ${roundId} at scoring ${row.scoring}`);
        if (state.published && !row.published) throw new Error(`round ${roundId} not published`);
        const [{ results }]: { results: number }[] = await db.query(
          `select count(*)::int as results from zone_result where round_id = $1 and scoring = $2`,
          [roundId, row.scoring],
        );
        if (results < row.zones_scored) throw new Error(`round ${roundId}'s results lag`);
      });
    },
  };
}
