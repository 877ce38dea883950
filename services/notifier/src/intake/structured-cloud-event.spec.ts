import type { ConsumedEvent } from '@zoneledger/messaging';
import { streamVersionOf, structuredCloudEvent } from './structured-cloud-event';

const consumed = (extensions: Record<string, string>, traceparent?: string): ConsumedEvent => ({
  cloudEvent: {
    id: '0193f3a2-9e30-7a6c-8d4b-7b2e3f4a5c10',
    source: '/zoneledger/assessment-engine',
    type: 'zoneledger.assessment.v1.ZoneRankChanged',
    subject: 'round-2023',
    time: new Date('2024-03-01T08:00:00.000Z'),
    dataschema: 'https://zoneledger.example/schemas/zoneledger.assessment.v1.ZoneRankChanged',
    data: new Uint8Array([1, 2, 3]),
    extensions,
    ...(traceparent ? { traceparent } : {}),
  },
  data: { zoneId: 'zone-sip', rank: 2, previousRank: 1, delta: 1 },
  topic: 'zoneledger.assessments.v1',
  partition: 0,
  offset: '41',
  headers: {},
});

describe('an event in structured JSON mode', () => {
  it('carries the context attributes, the extensions as members and the proto JSON data', () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    expect(
      structuredCloudEvent(consumed({ streamversion: '12', correlationid: 'c-1' }, traceparent)),
    ).toEqual({
      specversion: '1.0',
      id: '0193f3a2-9e30-7a6c-8d4b-7b2e3f4a5c10',
      source: '/zoneledger/assessment-engine',
      type: 'zoneledger.assessment.v1.ZoneRankChanged',
      subject: 'round-2023',
      time: '2024-03-01T08:00:00.000Z',
      datacontenttype: 'application/json',
      dataschema: 'https://zoneledger.example/schemas/zoneledger.assessment.v1.ZoneRankChanged',
      traceparent,
      streamversion: '12',
      correlationid: 'c-1',
      data: { zoneId: 'zone-sip', rank: 2, previousRank: 1, delta: 1 },
    });
  });

  it('lets no extension shadow a context attribute or the data', () => {
    const event = structuredCloudEvent(consumed({ type: 'forged', data: 'forged', actor: 'ops' }));
    expect(event.type).toBe('zoneledger.assessment.v1.ZoneRankChanged');
    expect(event.data).toEqual({ zoneId: 'zone-sip', rank: 2, previousRank: 1, delta: 1 });
    expect(event.actor).toBe('ops');
  });

  it('reads the stream version from the relay’s extension, 0 when absent or malformed', () => {
    expect(streamVersionOf(consumed({ streamversion: '12' }))).toBe(12n);
    expect(streamVersionOf(consumed({}))).toBe(0n);
    expect(streamVersionOf(consumed({ streamversion: '-1' }))).toBe(0n);
  });
});
