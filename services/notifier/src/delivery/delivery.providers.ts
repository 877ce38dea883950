import type { Provider, Type } from '@nestjs/common';
import { NotificationStreams } from './notification-streams';

// The notifier's delivery part, as NotifierModule wires it.

export const DELIVERY_PROVIDERS: Provider[] = [NotificationStreams];
export const DELIVERY_CONTROLLERS: Type[] = [];
