import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { Topics } from '@zoneledger/contracts';
import { ImportReportStore, PlatformModule, projectionsRunner } from '@zoneledger/platform';
import { PoliciesHttpController } from './api/policies.http.controller';
import { POLICY_ERROR_MAPPINGS } from './api/policy-error-mappings';
import {
  PolicyImportReportsHttpController,
  PolicyImportsHttpController,
} from './api/policy-imports.http.controller';
import { PolicyCommandHandlers } from './application';
import { PolicyDocumentNumbers } from './application/policy-document-numbers';
import { PolicyLinks } from './application/policy-links';
import { PolicyReader } from './application/policy-reader';
import { PolicyStreams } from './application/policy-streams';
import { ZoneDirectory } from './application/zone-directory';
import { PolicyRegistryMigrations } from './migrations';
import { zoneDirectoryProjection } from './projections/zone-directory.projection';
import { PolicyQueriesModule } from './queries/policy-queries.module';

/** Hosts the zone directory (the zones this service resolves scopes to) from the zones topic. */
export const ZoneDirectoryRunner = projectionsRunner('ZoneDirectoryRunner', (topicOf) => [
  zoneDirectoryProjection(topicOf(Topics.zones)),
]);

/** The policy registry's HTTP API, command handlers and reads (no platform). */
@Module({
  imports: [CqrsModule.forRoot(), PolicyQueriesModule],
  // The imports' routes first: /v1/policies/imports/... is no policy id.
  controllers: [
    PolicyImportsHttpController,
    PolicyImportReportsHttpController,
    PoliciesHttpController,
  ],
  providers: [
    ...PolicyCommandHandlers,
    PolicyStreams,
    PolicyDocumentNumbers,
    PolicyLinks,
    PolicyReader,
    ZoneDirectory,
    ZoneDirectoryRunner,
    ImportReportStore,
  ],
})
export class PolicyRegistryModule {}

/** The policy-registry service: the platform (config, database, Kafka, auth, errors) and the registry. */
@Module({
  imports: [
    PlatformModule.forService({
      service: 'policy-registry',
      port: 3102,
      databaseSchema: 'policy_registry',
      migrations: PolicyRegistryMigrations,
      entities: [],
      errorMappings: POLICY_ERROR_MAPPINGS,
    }),
    PolicyRegistryModule,
  ],
})
export class AppModule {}
