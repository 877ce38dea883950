import type { Provider, Type } from '@nestjs/common';
import { Deliveries } from './deliveries';
import { DeliveriesHttpController } from './deliveries.http.controller';
import { DeliveryAttempts } from './delivery-attempts';
import { DeliveryQueue } from './delivery-queue';
import { DeliveryWorker } from './delivery-worker';
import { NotificationStreams } from './notification-streams';
import { WebhookSender } from './webhook-sender';

// The notifier's delivery part, as NotifierModule wires it.

export const DELIVERY_PROVIDERS: Provider[] = [
  NotificationStreams,
  DeliveryQueue,
  DeliveryAttempts,
  WebhookSender,
  DeliveryWorker,
  Deliveries,
];
export const DELIVERY_CONTROLLERS: Type[] = [DeliveriesHttpController];
