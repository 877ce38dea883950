import type { Integration } from '../story-seed';
import { receivedNotification } from '../webhook-receiver';
import { dateText, mergerRequest } from './mergers';
import { importCounts, tally } from './step-outcome';
import { webhookSubscriptionTo } from './subscription';

describe("the story's steps", () => {
  it('write dates as documents give them', () => {
    expect(dateText({ year: 2002 })).toBe('2002');
    expect(dateText({ year: 2017, month: 2 })).toBe('2017-02');
    expect(dateText({ year: 2020, month: 1, day: 17 })).toBe('2020-01-17');
  });

  it('ask for a merger with its basis only when the data gives one', () => {
    const integration: Integration = {
      mergerId: 'merger-x',
      survivor: { nameZh: '甲' },
      absorbed: [{ nameZh: '乙' }],
      kind: 'MERGER_KIND_ETDZ_HIGH_TECH_INTEGRATION',
      effectiveOn: { year: 2017, month: 2 },
      uncertain: false,
      note: '',
      source: '',
    };
    expect(mergerRequest(integration, 'zone-a', ['zone-b'])).toEqual({
      mergerId: 'merger-x',
      survivingZoneId: 'zone-a',
      absorbedZoneIds: ['zone-b'],
      effectiveOn: { year: 2017, month: 2 },
      kind: 'MERGER_KIND_ETDZ_HIGH_TECH_INTEGRATION',
    });
    expect(
      mergerRequest({ ...integration, basisPolicyId: 'gbf-2017-7' }, 'zone-a', ['zone-b']),
    ).toMatchObject({
      basisPolicyId: 'gbf-2017-7',
    });
  });

  it("find the analyst's live webhook subscription to the receiver, not a cancelled one", () => {
    const url = 'http://127.0.0.1:3105/webhooks/zoneledger';
    const webhook = (subscriptionId: string, status: string, to = url) => ({
      subscriptionId,
      status,
      channel: { kind: 'CHANNEL_KIND_WEBHOOK', url: to },
    });
    expect(
      webhookSubscriptionTo(url, [
        webhook('old', 'cancelled'),
        webhook('other', 'active', 'https://x'),
        webhook('live', 'paused'),
      ])?.subscriptionId,
    ).toBe('live');
    expect(webhookSubscriptionTo(url, [webhook('old', 'cancelled')])).toBeUndefined();
  });

  it('count what they did', () => {
    expect(tally(['recorded', 'already', 'already'])).toBe('1 recorded, 2 already');
    expect(importCounts({ created: 8, skipped: 232, rejected: 0, firstRejected: [] })).toBe(
      '8 created, 232 skipped, 0 rejected',
    );
  });

  it("keep a notification's type, subject and subscription from its CloudEvent", () => {
    const body = JSON.stringify({
      type: 'zoneledger.zone.v1.ZonesMerged',
      subject: 'zone-zone-a',
      subscriptionid: 'sub-1',
      data: { mergerId: 'm' },
    });
    expect(receivedNotification('sub-1:e1', body, new Date('2026-01-01T00:00:00Z'))).toEqual({
      webhookId: 'sub-1:e1',
      receivedAt: '2026-01-01T00:00:00.000Z',
      type: 'zoneledger.zone.v1.ZonesMerged',
      subject: 'zone-zone-a',
      subscriptionId: 'sub-1',
      event: JSON.parse(body),
    });
  });
});
