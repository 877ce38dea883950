import { Topics } from '@zoneledger/contracts';
import { physicalTopic } from '@zoneledger/messaging';
import { KAFKA, OutboxRelayService } from '@zoneledger/platform';
import { ConfigResourceTypes, type Kafka } from 'kafkajs';
import { ASSESSMENT_ERROR_MAPPINGS } from '../../services/assessment-engine/src/api/assessment-error-mappings';
import { AssessmentEngineMigrations } from '../../services/assessment-engine/src/migrations';
import {
  startBenchedService,
  type BenchedService,
  type BenchSettings,
} from '../shared/benched-service';

/** An assessment engine running in this process on a schema and topic prefix of its own. */
export interface BenchedAssessmentEngine extends BenchedService {
  /** Events its outbox relay has had Kafka acknowledge since it started, and its last error. */
  relayStatus(): { published: number; lastError?: string };
  /** The sum of the high watermarks of its assessments topic's partitions. */
  assessmentsInKafka(): Promise<number>;
  /** Sets its assessments topic's max.message.bytes (once the relay has created the topic). */
  raiseAssessmentsMessageLimit(bytes: number): Promise<void>;
}

/** Boots the assessment engine for a benchmark, with a producer for the zone events it reads. */
export async function startAssessmentEngine(
  settings: BenchSettings,
): Promise<BenchedAssessmentEngine> {
  const service = await startBenchedService(
    {
      service: 'assessment-engine',
      title: 'assessment engine',
      module: async () =>
        (await import('../../services/assessment-engine/src/app.module')).AssessmentEngineModule,
      migrations: AssessmentEngineMigrations,
      errorMappings: ASSESSMENT_ERROR_MAPPINGS,
      role: 'assessor',
    },
    settings,
  );
  const kafka = service.app.get<Kafka>(KAFKA);
  const relay = service.app.get(OutboxRelayService).relay;
  const admin = kafka.admin();
  await admin.connect();
  const assessments = physicalTopic(settings.topicPrefix, Topics.assessments);
  return {
    ...service,
    relayStatus() {
      const { published, lastError } = relay.status();
      return { published, ...(lastError ? { lastError } : {}) };
    },
    async assessmentsInKafka() {
      const offsets = await admin.fetchTopicOffsets(assessments).catch(() => []);
      return offsets.reduce((sum, partition) => sum + Number(partition.high), 0);
    },
    async raiseAssessmentsMessageLimit(bytes) {
      const deadline = Date.now() + 60_000;
      while (!(await admin.listTopics()).includes(assessments)) {
        if (Date.now() > deadline) throw new Error(`${assessments} was not created`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      await admin.alterConfigs({
        validateOnly: false,
        resources: [
          {
            type: ConfigResourceTypes.TOPIC,
            name: assessments,
            configEntries: [{ name: 'max.message.bytes', value: String(bytes) }],
          },
        ],
      });
    },
    async stop() {
      await admin.disconnect();
      await service.stop();
    },
  };
}
