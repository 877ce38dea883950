import { POLICY_ERROR_MAPPINGS } from '../../services/policy-registry/src/api/policy-error-mappings';
import { PolicyRegistryMigrations } from '../../services/policy-registry/src/migrations';
import {
  startBenchedService,
  type BenchedService,
  type BenchSettings,
} from '../shared/benched-service';

/** A policy registry running in this process on a schema and topic prefix of its own. */
export type BenchedPolicyRegistry = BenchedService;

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
  return service;
}
