import type { RecordedEvent } from '@zoneledger/event-store';
import { IdempotencyKeyReusedError } from '../problems/request-errors';
import {
  eventsRecordedUnderKey,
  idempotencyMetadata,
  idForNewAggregate,
} from './idempotent-replay';

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

describe('ids of aggregates a command creates', () => {
  it('are the same for a retry under the same key and caller, and a UUID', () => {
    const id = idForNewAggregate({ actor: 'alice', idempotencyKey: 'k1' });
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(idForNewAggregate({ actor: 'alice', idempotencyKey: 'k1' })).toBe(id);
  });

  it('differ by key and by caller, and are random without a key', () => {
    const id = idForNewAggregate({ actor: 'alice', idempotencyKey: 'k1' });
    expect(idForNewAggregate({ actor: 'alice', idempotencyKey: 'k2' })).not.toBe(id);
    expect(idForNewAggregate({ actor: 'bob', idempotencyKey: 'k1' })).not.toBe(id);
    expect(idForNewAggregate({ actor: 'alice' })).not.toBe(idForNewAggregate({ actor: 'alice' }));
  });
});
