// The notifier's write-side tables for notifications (CreateDeliveries migration). Each is written
// only in the transaction that appends the events it reflects, or (the feed) before the events it
// serves are matched, so none needs a checkpoint or a rebuild.

/**
 * The durable delivery schedule (ADR 0010): one row per notification to a webhook or a mailbox,
 * inserted with its NotificationCreated, updated with each NotificationDelivered / Failed /
 * RedeliveryRequested. Workers claim due rows with FOR UPDATE SKIP LOCKED and a lease.
 */
export const DELIVERIES = 'deliveries';

/** Every delivery attempt (status, latency, response excerpt), as its event recorded it. */
export const DELIVERY_ATTEMPTS = 'delivery_attempts';

/**
 * The feed: every event of the domain topics the notifier can notify, as the structured-mode
 * CloudEvent a receiver gets, with the facts filters test. Webhooks and e-mail read their bodies
 * from it; the live stream replays it from a Last-Event-ID. Read in (tx, seq) order below the
 * oldest transaction still running, so a row committed late is never skipped.
 */
export const NOTIFIABLE_EVENTS = 'notifiable_events';

/** The channel name of the NOTIFY sent when the feed or the schedule gains rows. */
export const FEED_CHANNEL = 'notifier_feed';
export const DELIVERIES_CHANNEL = 'notifier_deliveries';
