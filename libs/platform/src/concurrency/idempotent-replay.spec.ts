import type { RecordedEvent } from '@zoneledger/event-store';
import { IdempotencyKeyReusedError } from '../problems/request-errors';
import { eventsRecordedUnderKey, idempotencyMetadata } from './idempotent-replay';

function recorded(version: number, metadata: Record<string, string>): RecordedEvent {
  return {
    type: 'Happened',
    data: {},
    eventId: `e${version}`,
    schemaVersion: 1,
    metadata,
    streamId: 's-1',
    streamType: 's',
    streamVersion: version,
    position: BigInt(version),
    transactionId: 1n,
    recordedAt: new Date(0),
  };
}

describe('answering a retry from the events its key recorded', () => {
  const context = {
    actor: 'a',
    correlationId: 'c',
    idempotencyKey: 'k1',
    idempotencyFingerprint: 'f1',
  };
  const events = [
    recorded(1, { idempotencyKey: 'k0', idempotencyFingerprint: 'f0' }),
    recorded(2, idempotencyMetadata(context)),
    recorded(3, idempotencyMetadata(context)),
  ];

  it('finds the events of the same key and request', () => {
    expect(eventsRecordedUnderKey(events, context).map((e) => e.streamVersion)).toEqual([2, 3]);
  });

  it('finds nothing without a key, or for a new key', () => {
    expect(eventsRecordedUnderKey(events, { idempotencyFingerprint: 'f1' })).toEqual([]);
    expect(eventsRecordedUnderKey(events, { ...context, idempotencyKey: 'k9' })).toEqual([]);
  });

  it('refuses the same key with another request', () => {
    expect(() =>
      eventsRecordedUnderKey(events, { ...context, idempotencyFingerprint: 'f2' }),
    ).toThrow(IdempotencyKeyReusedError);
  });

  it('answers retries of events recorded before fingerprints were kept', () => {
    const legacy = [recorded(1, { idempotencyKey: 'k1' })];
    expect(eventsRecordedUnderKey(legacy, context)).toHaveLength(1);
  });
});
