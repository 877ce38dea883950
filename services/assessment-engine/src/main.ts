import 'reflect-metadata';
import { bootstrapService } from '@zoneledger/platform';
import { AppModule } from './app.module';

void bootstrapService(AppModule, {
  title: 'ZoneLedger assessment engine',
  description: 'Assessment methodologies, rounds, scores and published rankings.',
});
