import { Topics } from '@zoneledger/contracts';
import { createProducer, physicalTopic } from '@zoneledger/messaging';
import { KAFKA } from '@zoneledger/platform';
import type { Kafka, Message, Producer } from 'kafkajs';
import { POLICY_ERROR_MAPPINGS } from '../../services/policy-registry/src/api/policy-error-mappings';
import { PolicyRegistryMigrations } from '../../services/policy-registry/src/migrations';
import {
  startBenchedService,
  type BenchedService,
  type BenchSettings,
} from '../shared/benched-service';

/** A policy registry running in this process on a schema and topic prefix of its own. */
export interface BenchedPolicyRegistry extends BenchedService {
  /** Publishes zone events to its zones topic, as the zone registry's relay would. */
  publishZones(messages: Message[]): Promise<void>;
}

export type PolicyRegistrySettings = BenchSettings;

/** Boots the policy registry for a benchmark, with a producer for the zone events it reads. */
export async function startPolicyRegistry(
  settings: PolicyRegistrySettings,
): Promise<BenchedPolicyRegistry> {
  const service = await startBenchedService(
    {
      service: 'policy-registry',
      title: 'policy registry',
      module: async () =>
        (await import('../../services/policy-registry/src/app.module')).PolicyRegistryModule,
      migrations: PolicyRegistryMigrations,
      errorMappings: POLICY_ERROR_MAPPINGS,
      role: 'policy-admin',
    },
    settings,
  );
  const kafka = service.app.get<Kafka>(KAFKA);
  let producer: Producer | undefined;
  return {
    ...service,
    async publishZones(messages) {
      if (!producer) {
        producer = createProducer(kafka);
        await producer.connect();
      }
      await producer.send({ topic: physicalTopic(settings.topicPrefix, Topics.zones), messages });
    },
    async stop() {
      await producer?.disconnect();
      await service.stop();
    },
  };
}
