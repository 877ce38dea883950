import { isRetriableKafkaError, withKafkaRetries } from './kafka-retries';

// The shape kafkajs gives broker errors (KafkaJSProtocolError): a `retriable` flag.
const notLeader = Object.assign(
  new Error('This server is not the leader for that topic-partition'),
  {
    type: 'NOT_LEADER_FOR_PARTITION',
    retriable: true,
  },
);
const unknownTopic = Object.assign(new Error('Topic authorization failed'), { retriable: false });

function failing(failures: readonly Error[], result = 'ok') {
  let calls = 0;
  return {
    call: async () => {
      calls += 1;
      const failure = failures[calls - 1];
      if (failure) throw failure;
      return result;
    },
    calls: () => calls,
  };
}

describe('withKafkaRetries', () => {
  it('calls again while the broker answers with a retriable error', async () => {
    const operation = failing([notLeader, notLeader]);
    await expect(withKafkaRetries(operation.call, { initialDelayMs: 1 })).resolves.toBe('ok');
    expect(operation.calls()).toBe(3);
  });

  it('throws a non-retriable error at once', async () => {
    const operation = failing([unknownTopic]);
    await expect(withKafkaRetries(operation.call, { initialDelayMs: 1 })).rejects.toBe(
      unknownTopic,
    );
    expect(operation.calls()).toBe(1);
  });

  it('gives up after its attempts, with the last error', async () => {
    const operation = failing([notLeader, notLeader, notLeader]);
    await expect(withKafkaRetries(operation.call, { attempts: 2, initialDelayMs: 1 })).rejects.toBe(
      notLeader,
    );
    expect(operation.calls()).toBe(2);
  });

  it('stops waiting when aborted', async () => {
    const abort = new AbortController();
    abort.abort();
    const operation = failing([notLeader]);
    await expect(
      withKafkaRetries(operation.call, { initialDelayMs: 1, signal: abort.signal }),
    ).rejects.toThrow(/abort/i);
  });
});

describe('isRetriableKafkaError', () => {
  it('reads the retriable flag kafkajs sets, and nothing else', () => {
    expect(isRetriableKafkaError(notLeader)).toBe(true);
    expect(isRetriableKafkaError(unknownTopic)).toBe(false);
    expect(isRetriableKafkaError(new Error('plain'))).toBe(false);
    expect(isRetriableKafkaError(undefined)).toBe(false);
  });
});
