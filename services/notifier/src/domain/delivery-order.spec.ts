import { eligibleDeliveries, notificationId, type PendingDelivery } from './delivery-order';

const NOW = new Date('2025-06-30T04:00:00Z');
const later = new Date('2025-06-30T04:05:00Z');
const delivery = (
  deliveryId: string,
  subject: string,
  position: number,
  dueAt?: Date,
): PendingDelivery => ({ deliveryId, subject, position, ...(dueAt ? { dueAt } : {}) });
const ids = (pending: PendingDelivery[]) =>
  eligibleDeliveries(pending, NOW).map((d) => d.deliveryId);

describe('which deliveries to an endpoint may go now', () => {
  it('sends only the earliest delivery about each subject, whatever order they are listed in', () =>
    expect(
      ids([
        delivery('sip-7', 'zone-zone-sip', 7),
        delivery('gf-3', 'policy-gf-2019-11', 3),
        delivery('sip-5', 'zone-zone-sip', 5),
        delivery('gf-2', 'policy-gf-2019-11', 2),
      ]),
    ).toEqual(['gf-2', 'sip-5']));

  it('holds back later deliveries about a subject while its earliest waits for a retry', () =>
    expect(
      ids([
        delivery('sip-5', 'zone-zone-sip', 5, later),
        delivery('sip-7', 'zone-zone-sip', 7),
        delivery('nanjing-9', 'zone-zone-nanjing', 9),
      ]),
    ).toEqual(['nanjing-9']));

  it('sends a retry once it is due', () =>
    expect(
      eligibleDeliveries(
        [delivery('sip-5', 'zone-zone-sip', 5, NOW), delivery('sip-7', 'zone-zone-sip', 7)],
        NOW,
      ).map((d) => d.deliveryId),
    ).toEqual(['sip-5']));

  it('sends the next delivery about a subject once the earlier left the pending set', () =>
    expect(
      ids([delivery('sip-7', 'zone-zone-sip', 7), delivery('sip-9', 'zone-zone-sip', 9)]),
    ).toEqual(['sip-7']));

  it('compares positions as numbers, big ones included', () =>
    expect(
      eligibleDeliveries(
        [
          { deliveryId: 'b', subject: 's', position: 10n },
          { deliveryId: 'a', subject: 's', position: 9n },
        ],
        NOW,
      ).map((d) => d.deliveryId),
    ).toEqual(['a']));

  it('sends nothing when nothing is pending', () => expect(ids([])).toEqual([]));
});

describe('the id of a notification', () => {
  it('is one per subscription and source event', () => {
    expect(notificationId('sub-1', 'evt-9')).toBe(notificationId('sub-1', 'evt-9'));
    expect(notificationId('sub-1', 'evt-9')).not.toBe(notificationId('sub-2', 'evt-9'));
  });
});
