import { MalformedCloudEventError } from '../cloud-event';
import { deadLetterMessage, errorCodeOf, readDeadLetter } from './dead-letter-message';

const original = {
  key: Buffer.from('zone-sip'),
  value: Buffer.from([10, 3, 83, 73, 80]),
  headers: {
    ce_type: Buffer.from('zoneledger.zone.v1.ZoneRegistered'),
    traceparent: Buffer.from('00-ab'),
  },
};

const failure = {
  error: new MalformedCloudEventError(['missing header ce_id']),
  topic: 'zoneledger.zones.v1',
  partition: 2,
  offset: '41',
  groupId: 'notifier',
  attempts: 1,
  failedAt: new Date('2025-03-01T10:00:00.000Z'),
};

describe('dead letters', () => {
  it('keep the original key, value and headers and say why, where and when the message failed', () => {
    const letter = deadLetterMessage(original, failure);
    expect(letter.key).toBe(original.key);
    expect(letter.value).toBe(original.value);
    expect(letter.headers).toEqual({
      ...original.headers,
      dlq_error: 'malformed CloudEvent: missing header ce_id',
      dlq_error_code: 'MESSAGING.MALFORMED_CLOUD_EVENT',
      dlq_original_topic: 'zoneledger.zones.v1',
      dlq_original_partition: '2',
      dlq_original_offset: '41',
      dlq_group: 'notifier',
      dlq_failed_at: '2025-03-01T10:00:00.000Z',
      dlq_attempts: '1',
    });
  });

  it('replace the headers of an earlier failure instead of piling them up', () => {
    const again = deadLetterMessage(
      { ...original, headers: { ...original.headers, dlq_error: 'old', DLQ_ATTEMPTS: '5' } },
      { ...failure, error: new Error('new') },
    );
    expect(again.headers).toMatchObject({ dlq_error: 'new', dlq_attempts: '1' });
    expect(again.headers).not.toHaveProperty('DLQ_ATTEMPTS');
  });

  it('name a handler failure without a code by a generic one', () => {
    expect(errorCodeOf(new Error('boom'))).toBe('MESSAGING.HANDLER_FAILED');
    expect(errorCodeOf(Object.assign(new Error('x'), { code: 'ZONE.UNKNOWN' }))).toBe(
      'ZONE.UNKNOWN',
    );
    expect(errorCodeOf('a string')).toBe('MESSAGING.HANDLER_FAILED');
  });

  it('read back into the original message and the failure', () => {
    const letter = deadLetterMessage(original, failure);
    const headers = Object.fromEntries(
      Object.entries(letter.headers ?? {}).map(([name, value]) => [
        name,
        Buffer.from(String(value)),
      ]),
    );
    const read = readDeadLetter(0, {
      key: original.key,
      value: original.value,
      headers,
      offset: '7',
      timestamp: '0',
      attributes: 0,
    });
    expect(read).toMatchObject({
      offset: '7',
      originalTopic: 'zoneledger.zones.v1',
      originalPartition: 2,
      originalOffset: '41',
      group: 'notifier',
      errorCode: 'MESSAGING.MALFORMED_CLOUD_EVENT',
      attempts: 1,
    });
    expect(Object.keys(read?.original.headers ?? {})).toEqual(['ce_type', 'traceparent']);
  });

  it('cannot be read without the original topic', () => {
    expect(
      readDeadLetter(0, { ...original, offset: '1', timestamp: '0', attributes: 0 }),
    ).toBeUndefined();
  });
});
