import 'reflect-metadata';
import { bootstrapService } from '@zoneledger/platform';
import { AppModule } from './app.module';

void bootstrapService(AppModule, {
  title: 'ZoneLedger policy registry',
  description:
    'Policies that shape development zones: issuance, amendment, supersession and repeal.',
});
