import { CreateImportReports1795970000000 } from '@zoneledger/platform';
import { CreateTrigramExtension1795965893848 } from './create-trigram-extension.migration';
import { CreateZoneNameClaims1795965796558 } from './zone-name-claims.migration';

/** The zone-registry schema's migrations, oldest first. */
export const ZoneRegistryMigrations: Function[] = [
  CreateZoneNameClaims1795965796558,
  CreateTrigramExtension1795965893848,
  CreateImportReports1795970000000,
];
