import type { Provider, Type } from '@nestjs/common';
import { NotificationIntakeRunner } from './notification-intake.runner';
import { SubscriptionMatcher } from './subscription-matcher';

// The notifier's intake: domain events in, notifications out.

export const INTAKE_PROVIDERS: Provider[] = [SubscriptionMatcher, NotificationIntakeRunner];
export const INTAKE_CONTROLLERS: Type[] = [];
