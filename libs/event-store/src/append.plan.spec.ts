import { defaultStreamType, planAppend } from './append.plan';
import { appendParameters, appendStatement } from './append.statement';
import { eventStoreTables } from './event-store.tables';
import { InvalidAppendError } from './errors';
import { ANY, NO_STREAM } from './types';

const registered = { type: 'ZoneRegistered', data: { name: 'Suzhou Industrial Park' } };
const merged = { type: 'ZonesMerged', data: { into: 'zone-b' } };

describe('planning an append', () => {
  it('numbers each stream’s events from 1 and keeps the given event order', () => {
    const plan = planAppend([
      { streamId: 'zone-b', expectedVersion: 3, events: [merged, merged] },
      { streamId: 'zone-a', expectedVersion: NO_STREAM, events: [registered] },
    ]);
    expect(plan.events.map((e) => [e.streamId, e.ordinal])).toEqual([
      ['zone-b', 1],
      ['zone-b', 2],
      ['zone-a', 1],
    ]);
  });

  it('sorts streams by id, so concurrent appends lock them in one order', () => {
    const plan = planAppend([
      { streamId: 'zone-b', expectedVersion: ANY, events: [merged] },
      { streamId: 'zone-a', expectedVersion: ANY, events: [merged] },
    ]);
    expect(plan.streams.map((s) => s.streamId)).toEqual(['zone-a', 'zone-b']);
  });

  it('fills in event ids, schema version 1 and the append’s metadata under the event’s own', () => {
    const plan = planAppend(
      [
        {
          streamId: 'zone-a',
          expectedVersion: ANY,
          events: [{ ...registered, metadata: { causationId: 'cmd-2', note: 'by policy' } }],
        },
      ],
      { metadata: { correlationId: 'req-1', causationId: 'cmd-1', actor: 'analyst@jiangsu' } },
    );
    const [event] = plan.events;
    expect(event.eventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(event.schemaVersion).toBe(1);
    expect(event.metadata).toEqual({
      correlationId: 'req-1',
      causationId: 'cmd-2',
      actor: 'analyst@jiangsu',
      note: 'by policy',
    });
  });

  it('keeps caller event ids and schema versions', () => {
    const eventId = '0190f5d2-3b5e-7cc1-8a7e-1d2f3a4b5c6d';
    const plan = planAppend([
      {
        streamId: 'zone-a',
        expectedVersion: ANY,
        events: [{ ...registered, eventId, schemaVersion: 2 }],
      },
    ]);
    expect(plan.events[0]).toMatchObject({ eventId, schemaVersion: 2 });
  });

  it('rejects an append with no streams, a stream twice, or a stream without events', () => {
    expect(() => planAppend([])).toThrow(InvalidAppendError);
    expect(() =>
      planAppend([
        { streamId: 'zone-a', expectedVersion: ANY, events: [merged] },
        { streamId: 'zone-a', expectedVersion: 1, events: [merged] },
      ]),
    ).toThrow(/appears twice/);
    expect(() => planAppend([{ streamId: 'zone-a', expectedVersion: ANY, events: [] }])).toThrow(
      /no events/,
    );
  });

  it('stores only the event ids with an idempotency key, and nothing without one', () => {
    const plan = planAppend([{ streamId: 'zone-a', expectedVersion: 4, events: [registered] }]);
    const keyed = appendParameters(plan, { scope: 'zone-a', key: 'k-1' });
    expect(keyed.slice(0, 7)).toEqual([
      ['zone-a'],
      ['zone'],
      [1],
      [4],
      'zone-a',
      'k-1',
      JSON.stringify({ eventIds: [plan.events[0].eventId] }),
    ]);
    expect(appendParameters(plan, null).slice(4, 7)).toEqual([null, null, null]);
  });

  it('passes data and metadata as one JSON array each, in event order', () => {
    const plan = planAppend(
      [{ streamId: 'zone-a', expectedVersion: 1, events: [registered, merged] }],
      {
        metadata: { actor: 'bureau' },
      },
    );
    const [data, metadata] = appendParameters(plan, null).slice(12, 14) as string[];
    expect(JSON.parse(data)).toEqual([registered.data, merged.data]);
    expect(JSON.parse(metadata)).toEqual([{ actor: 'bureau' }, { actor: 'bureau' }]);
  });
});

describe('rows alongside an append', () => {
  const claims = {
    table: 'name_claims',
    columns: [
      { name: 'name', type: 'text' },
      { name: 'zone_id', type: 'text' },
    ],
    rows: [
      ['sip', 'zone-a'],
      ['suzhou', 'zone-a'],
    ],
  };

  it('are one array per column, after the append’s own fifteen parameters', () => {
    const plan = planAppend([{ streamId: 'zone-a', expectedVersion: 0, events: [registered] }]);
    const parameters = appendParameters(plan, null, 'zones', claims);
    expect(parameters).toHaveLength(17);
    expect(parameters.slice(15)).toEqual([
      ['sip', 'suzhou'],
      ['zone-a', 'zone-a'],
    ]);
    expect(appendStatement(eventStoreTables('zones'), 'zones', claims)).toContain(
      'insert into "zones"."name_claims" ("name", "zone_id")\n  select * from unnest($16::text[], $17::text[])\n  where exists (select 1 from inserted)',
    );
  });

  it('take only plain type names into the statement', () => {
    const typed = (type: string) => ({ ...claims, columns: [{ name: 'name', type }] });
    expect(() => appendStatement(eventStoreTables(), undefined, typed('text'))).not.toThrow();
    expect(() =>
      appendStatement(eventStoreTables(), undefined, typed('double precision')),
    ).not.toThrow();
    expect(() =>
      appendStatement(eventStoreTables(), undefined, typed('text[]); drop table x; --')),
    ).toThrow(InvalidAppendError);
    expect(() =>
      appendStatement(eventStoreTables(), undefined, { ...claims, columns: [] }),
    ).toThrow(InvalidAppendError);
  });
});

describe('the default stream type', () => {
  it('is the stream id’s prefix before the first dash', () => {
    expect(defaultStreamType('zone-0190f5d2-3b5e')).toBe('zone');
    expect(defaultStreamType('policy')).toBe('policy');
  });
});
