import 'reflect-metadata';
import { bootstrapService } from '@zoneledger/platform';
import { AppModule } from './app.module';

void bootstrapService(AppModule, {
  title: 'ZoneLedger zone registry',
  description: 'Every national development zone, its changes and its mergers, recorded as events.',
});
