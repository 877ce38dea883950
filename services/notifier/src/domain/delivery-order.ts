// The order of deliveries to one endpoint. Deliveries about one subject (the source stream: a
// zone, a policy, a round) arrive in the order their events were recorded, even across retries:
// only the earliest pending delivery about a subject may be sent, and a later one waits until it
// is delivered or given up (then it leaves the pending set). A failing delivery holds back nothing
// else: not the endpoint's deliveries about other subjects, not other endpoints.

/** A delivery not yet delivered nor given up, to one endpoint. */
export interface PendingDelivery {
  readonly deliveryId: string;
  /** The source stream (the CloudEvent subject), e.g. "zone-zone-sip". */
  readonly subject: string;
  /** The event's position in its stream (its version, or its offset in its partition). */
  readonly position: bigint | number;
  /** Not before this time (a scheduled retry); absent: at once. */
  readonly dueAt?: Date;
}

/**
 * The deliveries to send now: for each subject, the earliest pending delivery by position (ties
 * by id), if it is due at `now`. In order of position within the result's subjects, subjects by
 * their earliest delivery.
 */
export function eligibleDeliveries<Delivery extends PendingDelivery>(
  pending: readonly Delivery[],
  now: Date,
): Delivery[] {
  const earliest = new Map<string, Delivery>();
  for (const delivery of pending) {
    const first = earliest.get(delivery.subject);
    if (!first || before(delivery, first)) earliest.set(delivery.subject, delivery);
  }
  return [...earliest.values()]
    .filter((delivery) => !delivery.dueAt || delivery.dueAt.getTime() <= now.getTime())
    .sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
}

/**
 * The key of a notification: one per subscription and source event, never two. Delivery stores
 * it uniquely, and sends it as the `webhook-id` header (receivers drop a repeated one).
 */
export function notificationId(subscriptionId: string, sourceEventId: string): string {
  return `${subscriptionId}:${sourceEventId}`;
}

function before(a: PendingDelivery, b: PendingDelivery): boolean {
  if (a.position !== b.position) return a.position < b.position;
  return a.deliveryId < b.deliveryId;
}
