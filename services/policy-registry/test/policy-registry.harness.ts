import { Topics } from '@zoneledger/contracts';
import { startServiceUnderTest, type ServiceUnderTest } from '@zoneledger/service-testing';
import { eventually, type ApiCall } from '@zoneledger/testing';
import type { Message } from 'kafkajs';
import { POLICY_ERROR_MAPPINGS } from '../src/api/policy-error-mappings';
import { PolicyRegistryModule } from '../src/app.module';
import { PolicyRegistryMigrations } from '../src/migrations';

/** A running policy registry of its own (schema, topics, consumer groups) and a client for it. */
export interface PolicyRegistryUnderTest extends ServiceUnderTest {
  /** Calls the API as a policy admin (or with the given headers, e.g. another token). */
  readonly call: ApiCall;
  readonly adminToken: string;
  /** A token holding only the analyst role: reads, no writes. */
  readonly analystToken: string;
  /** Publishes zone events to its zones topic, as the zone registry's relay would. */
  publishZones(messages: readonly Message[]): Promise<void>;
  /** Waits until its zone directory holds these zones at these stream versions. */
  zonesKnown(versions: Readonly<Record<string, number>>): Promise<void>;
}

/**
 * Starts the policy registry in-process on a fresh schema and topic prefix, as main.ts would;
 * `env` overrides the configuration.
 */
export async function startPolicyRegistry(
  label: string,
  env: Record<string, string> = {},
): Promise<PolicyRegistryUnderTest> {
  const registry = await startServiceUnderTest({
    service: 'policy-registry',
    label,
    migrations: PolicyRegistryMigrations,
    imports: [PolicyRegistryModule],
    errorMappings: POLICY_ERROR_MAPPINGS,
    env,
  });
  return {
    ...registry,
    adminToken: registry.tokens['policy-admin'],
    analystToken: registry.tokens.analyst,
    call: registry.as('policy-admin'),
    publishZones: (messages) => registry.publish(Topics.zones, messages),
    async zonesKnown(versions) {
      const zoneIds = Object.keys(versions);
      await eventually(async () => {
        const rows: { zone_id: string; stream_version: number }[] = await registry.dataSource.query(
          `select zone_id, stream_version from zone_directory where zone_id = any($1::text[])`,
          [zoneIds],
        );
        const known = Object.fromEntries(rows.map((row) => [row.zone_id, row.stream_version]));
        const missing = zoneIds.filter((zoneId) => (known[zoneId] ?? 0) < versions[zoneId]);
        if (missing.length > 0) throw new Error(`zone directory lacks ${missing.join(', ')}`);
      });
    },
  };
}
