import 'reflect-metadata';
import { bootstrapService } from '@zoneledger/platform';
import { AppModule } from './app.module';

void bootstrapService(AppModule, {
  title: 'ZoneLedger notifier',
  description:
    'Subscriptions to ZoneLedger changes and their deliveries by webhook, stream and e-mail.',
});
