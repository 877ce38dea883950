import {
  decodeCloudEvent,
  encodeCloudEvent,
  MalformedCloudEventError,
  type CloudEvent,
} from './cloud-event';

const event: CloudEvent = {
  id: '0b7c6a52-3f1e-4b8e-9a38-6a1c2f1d9e01',
  source: '/zoneledger/zone-registry',
  type: 'zoneledger.zone.v1.ZoneRegistered',
  subject: 'zone-suzhou-industrial-park',
  time: new Date('2019-01-02T08:00:00.000Z'),
  dataschema: 'urn:zoneledger:proto:zoneledger.zone.v1.ZoneRegistered',
  data: new Uint8Array([10, 3, 83, 73, 80]),
  traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  extensions: { correlationid: 'c-1', actor: 'alice' },
};

function asReceived(message: ReturnType<typeof encodeCloudEvent>) {
  const headers = Object.fromEntries(
    Object.entries(message.headers ?? {}).map(([name, value]) => [
      name,
      Buffer.from(String(value)),
    ]),
  );
  return { key: Buffer.from(String(message.key)), value: message.value as Buffer, headers };
}

describe('CloudEvents Kafka binding, binary mode', () => {
  it('puts every attribute in ce_ headers and keys the message by subject', () => {
    const message = encodeCloudEvent(event);
    expect(message.key).toBe('zone-suzhou-industrial-park');
    expect(message.headers).toEqual({
      ce_specversion: '1.0',
      ce_id: event.id,
      ce_source: '/zoneledger/zone-registry',
      ce_type: 'zoneledger.zone.v1.ZoneRegistered',
      ce_subject: 'zone-suzhou-industrial-park',
      ce_time: '2019-01-02T08:00:00.000Z',
      ce_dataschema: 'urn:zoneledger:proto:zoneledger.zone.v1.ZoneRegistered',
      'content-type': 'application/protobuf',
      traceparent: event.traceparent,
      ce_correlationid: 'c-1',
      ce_actor: 'alice',
    });
  });

  it('decodes what it encodes', () => {
    expect(decodeCloudEvent(asReceived(encodeCloudEvent(event)))).toEqual(event);
  });

  it('names every problem of a malformed message', () => {
    const received = asReceived(encodeCloudEvent(event));
    delete received.headers.ce_id;
    received.headers.ce_time = Buffer.from('yesterday');
    received.headers['content-type'] = Buffer.from('application/json');
    received.headers.traceparent = Buffer.from('garbage');
    const attempt = () => decodeCloudEvent({ ...received, key: Buffer.from('another-zone') });
    expect(attempt).toThrow(MalformedCloudEventError);
    expect(attempt).toThrow(/missing header ce_id/);
    expect(attempt).toThrow(/ce_time is not an RFC 3339 time/);
    expect(attempt).toThrow(/content-type must be application\/protobuf/);
    expect(attempt).toThrow(/traceparent is malformed/);
    expect(attempt).toThrow(/differs from ce_subject/);
  });

  it('rejects a message without headers or value', () => {
    expect(() => decodeCloudEvent({ value: null })).toThrow(
      /missing header ce_specversion.*no value/s,
    );
  });

  it('refuses extension names CloudEvents does not allow', () => {
    expect(() => encodeCloudEvent({ ...event, extensions: { 'Trace-Id': 'x' } })).toThrow(
      MalformedCloudEventError,
    );
  });
});
