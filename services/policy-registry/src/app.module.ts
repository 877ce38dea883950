import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { PlatformModule } from '@zoneledger/platform';
import { PolicyRegistryMigrations } from './migrations';

@Module({
  imports: [
    PlatformModule.forService({
      service: 'policy-registry',
      port: 3102,
      databaseSchema: 'policy_registry',
      migrations: PolicyRegistryMigrations,
      entities: [],
    }),
    CqrsModule.forRoot(),
  ],
})
export class AppModule {}
