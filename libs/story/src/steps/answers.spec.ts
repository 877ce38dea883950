import { notificationsLine } from './answers';

describe('notificationsLine', () => {
  const merged = 'zoneledger.zone.v1.ZonesMerged';
  const issued = 'zoneledger.policy.v1.PolicyIssued';

  it('counts what this receiver verified, by type, when it got every delivery', () => {
    expect(
      notificationsLine({
        subscriptionId: 's-1',
        delivered: 9,
        received: 9,
        byType: { [merged]: 7, [issued]: 2 },
        examples: [],
      }),
    ).toBe(
      'Notifications for subscription s-1: 9 delivered; this receiver verified 9, by type: ZonesMerged 7, PolicyIssued 2',
    );
  });

  it('says where the deliveries went when an earlier run’s receiver got them', () => {
    const line = notificationsLine({
      subscriptionId: 's-1',
      delivered: 11,
      received: 0,
      byType: {},
      examples: [],
    });
    expect(line).toBe(
      'Notifications for subscription s-1: 11 delivered; this receiver verified 0. The other 11 were delivered before this receiver’s records begin: to an earlier run’s receiver (another checkout’s, or before .run/webhook-receiver was cleared)',
    );
  });

  it('names the types of the ones it did get when it got some of them', () => {
    expect(
      notificationsLine({
        subscriptionId: 's-1',
        delivered: 11,
        received: 2,
        byType: { [issued]: 2 },
        examples: [],
      }),
    ).toContain('this receiver verified 2 (by type: PolicyIssued 2). The other 9 were delivered');
  });
});
