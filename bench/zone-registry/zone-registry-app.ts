import { ZONE_ERROR_MAPPINGS } from '../../services/zone-registry/src/api/zone-error-mappings';
import { ZoneRegistryMigrations } from '../../services/zone-registry/src/migrations';
import {
  startBenchedService,
  type BenchedService,
  type BenchSettings,
} from '../shared/benched-service';

/** A zone registry running in this process on a schema and topic prefix of its own. */
export type BenchedZoneRegistry = BenchedService;
export type ZoneRegistrySettings = BenchSettings;

/** Boots the zone registry for a benchmark (32 MiB imports, as in production). */
export function startZoneRegistry(settings: ZoneRegistrySettings): Promise<BenchedZoneRegistry> {
  return startBenchedService(
    {
      service: 'zone-registry',
      title: 'zone registry',
      module: async () =>
        (await import('../../services/zone-registry/src/app.module')).ZoneRegistryModule,
      migrations: ZoneRegistryMigrations,
      errorMappings: ZONE_ERROR_MAPPINGS,
      role: 'zone-admin',
    },
    settings,
  );
}
