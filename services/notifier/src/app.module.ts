import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { PlatformModule } from '@zoneledger/platform';
import { NotifierMigrations } from './migrations';

@Module({
  imports: [
    PlatformModule.forService({
      service: 'notifier',
      port: 3104,
      databaseSchema: 'notifier',
      migrations: NotifierMigrations,
      entities: [],
    }),
    CqrsModule.forRoot(),
  ],
})
export class AppModule {}
