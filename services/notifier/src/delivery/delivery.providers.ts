import type { Provider, Type } from '@nestjs/common';
import { DeliveryQueue } from './delivery-queue';
import { NotificationStreams } from './notification-streams';

// The notifier's delivery part, as NotifierModule wires it.

export const DELIVERY_PROVIDERS: Provider[] = [NotificationStreams, DeliveryQueue];
export const DELIVERY_CONTROLLERS: Type[] = [];
