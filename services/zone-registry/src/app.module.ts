import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ImportReportStore, PlatformModule, routeBodyLimits } from '@zoneledger/platform';
import { MergersHttpController } from './api/mergers.http.controller';
import { PolicyAutonomyGrantsHttpController } from './api/policy-autonomy-grants.http.controller';
import { ZONE_ERROR_MAPPINGS } from './api/zone-error-mappings';
import { ZoneChangesHttpController } from './api/zone-changes.http.controller';
import { IMPORT_BODY_LIMIT } from './api/zone-import-rows';
import {
  ZoneImportReportsHttpController,
  ZoneImportsHttpController,
} from './api/zone-imports.http.controller';
import { ZonesHttpController } from './api/zones.http.controller';
import { ZoneCommandHandlers } from './application';
import { ZoneNames } from './application/zone-names';
import { ZoneReader } from './application/zone-reader';
import { ZoneStreams } from './application/zone-streams';
import { ZONE_CATALOG } from './application/zone-view.model';
import { ZoneRegistryMigrations } from './migrations';
import { AutonomyGrantsQuery } from './policy-events/autonomy-grants.query';
import { AutonomyGrantsRunner } from './policy-events/autonomy-grants.runner';
import { ZoneViewQuery } from './projections/zone-view.query';
import { ZoneViewRunner } from './projections/zone-view.runner';

/** The zone register's HTTP API, command handlers, reads and zone_view projection (no platform). */
@Module({
  imports: [CqrsModule.forRoot()],
  controllers: [
    ZoneImportsHttpController,
    ZoneImportReportsHttpController,
    ZonesHttpController,
    ZoneChangesHttpController,
    MergersHttpController,
    PolicyAutonomyGrantsHttpController,
  ],
  providers: [
    ...ZoneCommandHandlers,
    ZoneStreams,
    ZoneNames,
    ZoneReader,
    { provide: ZONE_CATALOG, useClass: ZoneViewQuery },
    ZoneViewRunner,
    AutonomyGrantsRunner,
    AutonomyGrantsQuery,
    ImportReportStore,
    routeBodyLimits(IMPORT_BODY_LIMIT),
  ],
})
export class ZoneRegistryModule {}

/** The zone-registry service: the platform (config, database, Kafka, auth, errors) and the register. */
@Module({
  imports: [
    PlatformModule.forService({
      service: 'zone-registry',
      port: 3101,
      databaseSchema: 'zone_registry',
      migrations: ZoneRegistryMigrations,
      entities: [],
      errorMappings: ZONE_ERROR_MAPPINGS,
    }),
    ZoneRegistryModule,
  ],
})
export class AppModule {}
