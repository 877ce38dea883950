import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { PlatformModule } from '@zoneledger/platform';
import { AssessmentEngineMigrations } from './migrations';

@Module({
  imports: [
    PlatformModule.forService({
      service: 'assessment-engine',
      port: 3103,
      databaseSchema: 'assessment_engine',
      migrations: AssessmentEngineMigrations,
      entities: [],
    }),
    CqrsModule.forRoot(),
  ],
})
export class AppModule {}
