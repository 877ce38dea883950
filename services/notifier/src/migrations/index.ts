import { CreateSubscriptions1796200000000 } from './subscriptions.migration';

/** The notifier schema's migrations, oldest first. */
export const NotifierMigrations: Function[] = [CreateSubscriptions1796200000000];
