import { CreateDeliveries1796300000000 } from './deliveries.migration';
import { AddDeliveryFollowed1796500000000 } from './delivery-followed.migration';
import { CreateSubscriptions1796200000000 } from './subscriptions.migration';

/** The notifier schema's migrations, oldest first. */
export const NotifierMigrations: Function[] = [
  CreateSubscriptions1796200000000,
  CreateDeliveries1796300000000,
  AddDeliveryFollowed1796500000000,
];
