import {
  digestMessageId,
  factLines,
  messageIdDomain,
  notificationMessageId,
  renderDigestMail,
  renderNotificationMail,
  shortEventType,
  type MailNotification,
} from './mail-rendering';

const rankChanged: MailNotification = {
  notificationId: 'sub-1:evt-1',
  cloudEvent: {
    specversion: '1.0',
    id: 'evt-1',
    source: '/zoneledger/assessment-engine',
    type: 'zoneledger.assessment.v1.ZoneRankChanged',
    subject: 'round-2026',
    time: '2026-12-06T08:00:00.000Z',
    datacontenttype: 'application/json',
    data: {
      roundId: 'round-2026',
      zoneId: 'zone-sip',
      previousRoundId: 'round-2025',
      previousRank: 12,
      rank: 9,
      delta: -3,
    },
  },
};

const registered: MailNotification = {
  notificationId: 'sub-1:evt-2',
  cloudEvent: {
    id: 'evt-2',
    type: 'zoneledger.zones.v1.ZoneRegistered',
    subject: 'zone-sip',
    time: '2026-12-06T08:01:00.000Z',
    data: {
      zoneId: 'zone-sip',
      nameZh: '苏州工业园区',
      nameEn: 'Suzhou Industrial Park',
      kind: 'ZONE_KIND_ETDZ',
      level: 'ZONE_LEVEL_NATIONAL',
      province: '江苏省',
      city: '苏州市',
      region: 'REGION_EAST',
      approvedOn: { year: 1994, month: 2, day: 26 },
    },
  },
  followed: [{ zoneId: 'zone-sip', insteadOf: 'zone-old' }],
};

describe('renderNotificationMail', () => {
  it('says the type, time, subject and the rank change, and ends with the CloudEvent', () => {
    const mail = renderNotificationMail(rankChanged);
    expect(mail.subject).toBe('[ZoneLedger] ZoneRankChanged — round-2026');
    expect(mail.text).toContain(
      'Event: ZoneRankChanged (zoneledger.assessment.v1.ZoneRankChanged)',
    );
    expect(mail.text).toContain('Time: 2026-12-06T08:00:00.000Z');
    expect(mail.text).toContain('Subject: round-2026');
    expect(mail.text).toContain('Zone: zone-sip');
    expect(mail.text).toContain('Rank: 12 → 9 (up 3 places)');
    expect(mail.text).toContain('Round: round-2026 (previous: round-2025)');
    expect(mail.text).toContain('Notification: sub-1:evt-1');
    const json = mail.text.slice(mail.text.indexOf('CloudEvent:\n') + 'CloudEvent:\n'.length);
    expect(JSON.parse(json)).toEqual(rankChanged.cloudEvent);
    expect(mail.text).not.toContain('Followed zones');
  });

  it('writes Chinese names as they are, and the zones followed', () => {
    const mail = renderNotificationMail(registered);
    expect(mail.subject).toBe('[ZoneLedger] ZoneRegistered — 苏州工业园区 (zone-sip)');
    expect(mail.text).toContain('Zone: zone-sip — 苏州工业园区 (Suzhou Industrial Park)');
    expect(mail.text).toContain('Province: 江苏省 苏州市');
    expect(mail.text).toContain('Kind: ETDZ');
    expect(mail.text).toContain('Region: EAST');
    expect(mail.text).toContain('- zone-sip, instead of zone-old');
    expect(mail.text).toContain('"nameZh": "苏州工业园区"');
  });

  it('copes with data missing or not an object', () => {
    const mail = renderNotificationMail({ notificationId: 'n', cloudEvent: { data: 'odd' } });
    expect(mail.subject).toBe('[ZoneLedger] Event — (no subject)');
    expect(mail.text).toContain('Time: unknown');
  });
});

describe('factLines', () => {
  it('tells a rank moving down and a score change with its sign', () => {
    expect(factLines('ZoneRankChanged', { previousRank: 3, rank: 5 })).toContain(
      'Rank: 3 → 5 (down 2 places)',
    );
    expect(factLines('ZoneRankChanged', { previousRank: 4, rank: 3 })).toContain(
      'Rank: 4 → 3 (up 1 place)',
    );
    expect(factLines('ZoneScoreChanged', { previousTotal: 71.5, total: 70.25 })).toContain(
      'Score: 71.5 → 70.25 (-1.25)',
    );
    expect(factLines('ZoneScored', { total: 80, nationalRank: 7 })).toEqual([
      'Score: 80',
      'National rank: 7',
    ]);
  });

  it('names a policy by its title, issuer, themes and effective date', () => {
    expect(
      factLines('PolicyIssued', {
        policyId: 'policy-1',
        titleZh: '关于促进开发区改革和创新发展的若干意见',
        titleEn: 'Opinions on development zones',
        documentNumber: '国办发〔2017〕7号',
        issuer: '国务院办公厅',
        themes: ['innovation', 'reform'],
        effectiveOn: { year: 2017, month: 1, day: 19 },
      }),
    ).toEqual([
      'Policy: policy-1',
      'Title: 关于促进开发区改革和创新发展的若干意见 (Opinions on development zones)',
      'Document number: 国办发〔2017〕7号',
      'Issuer: 国务院办公厅',
      'Themes: innovation, reform',
      'Effective on: 2017-01-19',
    ]);
  });

  it('names a merger’s zones', () => {
    expect(
      factLines('ZonesMerged', {
        survivingZoneId: 'zone-a',
        absorbedZoneIds: ['zone-b', 'zone-c'],
        newZone: { nameZh: '新区' },
      }),
    ).toEqual([
      'Surviving zone: zone-a',
      'Absorbed zones: zone-b, zone-c',
      'Zone after the merger: 新区',
    ]);
  });
});

describe('renderDigestMail', () => {
  it('lists every notification in order, with a count in the subject', () => {
    const until = new Date('2026-12-07T00:00:00Z');
    const mail = renderDigestMail({ notifications: [rankChanged, registered], until });
    expect(mail.subject).toBe('[ZoneLedger] Digest: 2 notifications until 2026-12-07 00:00 UTC');
    const first = mail.text.indexOf('1. ZoneRankChanged — round-2026');
    const second = mail.text.indexOf('2. ZoneRegistered — 苏州工业园区 (zone-sip)');
    expect(first).toBeGreaterThan(-1);
    expect(second).toBeGreaterThan(first);
    expect(mail.text).toContain('   Rank: 12 → 9 (up 3 places)');
    expect(mail.text).toContain('   - zone-sip, instead of zone-old');
    const jsonLines = mail.text.slice(mail.text.indexOf('CloudEvents (')).split('\n').slice(1, 3);
    expect(jsonLines.map((line) => JSON.parse(line) as unknown)).toEqual([
      rankChanged.cloudEvent,
      registered.cloudEvent,
    ]);
  });

  it('says one notification in the singular', () => {
    const mail = renderDigestMail({ notifications: [rankChanged], until: new Date(0) });
    expect(mail.subject).toBe('[ZoneLedger] Digest: 1 notification until 1970-01-01 00:00 UTC');
  });
});

describe('Message-IDs', () => {
  it('are the same for the same notification, and differ between notifications', () => {
    const id = notificationMessageId('3f1c-sub:evt-1', 'example.org');
    expect(id).toBe('<notification.3f1c-sub.evt-1@example.org>');
    expect(notificationMessageId('3f1c-sub:evt-1', 'example.org')).toBe(id);
    expect(notificationMessageId('3f1c-sub:evt-2', 'example.org')).not.toBe(id);
  });

  it('hash an id that is not a dot-atom', () => {
    const id = notificationMessageId('sub:an event id', 'example.org');
    expect(id).toMatch(/^<notification\.[0-9a-f]{40}@example\.org>$/);
    expect(notificationMessageId('sub:an event id!', 'example.org')).not.toBe(id);
  });

  it('of a digest name the subscription and the period', () => {
    const until = new Date('2026-12-07T00:00:00Z');
    expect(digestMessageId('sub-1', until, 'example.org')).toBe(
      `<digest.sub-1.${until.getTime()}@example.org>`,
    );
  });

  it('take the From address’s domain', () => {
    expect(messageIdDomain('ZoneLedger <Notifications@Example.ORG>')).toBe('example.org');
    expect(messageIdDomain('n@zoneledger.cn')).toBe('zoneledger.cn');
    expect(messageIdDomain('nobody')).toBe('zoneledger.invalid');
  });
});

describe('shortEventType', () => {
  it('keeps the last part of a CloudEvent type', () => {
    expect(shortEventType('zoneledger.policies.v1.PolicyIssued')).toBe('PolicyIssued');
    expect(shortEventType('ZoneRenamed')).toBe('ZoneRenamed');
    expect(shortEventType(undefined)).toBe('Event');
  });
});
