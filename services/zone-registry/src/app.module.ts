import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { PlatformModule } from '@zoneledger/platform';
import { ZoneRegistryMigrations } from './migrations';

@Module({
  imports: [
    PlatformModule.forService({
      service: 'zone-registry',
      port: 3101,
      databaseSchema: 'zone_registry',
      migrations: ZoneRegistryMigrations,
      entities: [],
    }),
    CqrsModule.forRoot(),
  ],
})
export class AppModule {}
