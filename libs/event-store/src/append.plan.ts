import { newEventId } from './event-id';
import { InvalidAppendError } from './errors';
import { expectedVersionParameter } from './expected-version';
import type {
  AppendOptions,
  DomainEvent,
  EventMetadata,
  ExpectedVersion,
  NewEvent,
  StreamAppend,
} from './types';

/** An event ready for the statement: ids, schema version and merged metadata assigned. */
export interface PreparedEvent {
  readonly eventId: string;
  readonly streamId: string;
  /** 1-based place among this append's events of its stream. */
  readonly ordinal: number;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly metadata: EventMetadata;
}

export interface PreparedStream {
  readonly streamId: string;
  readonly streamType: string;
  readonly expectedVersion: ExpectedVersion;
  readonly eventCount: number;
}

/** One append, checked and flattened into the statement's arrays. */
export interface AppendPlan {
  /** Sorted by stream id, so concurrent multi-stream appends lock streams in the same order. */
  readonly streams: PreparedStream[];
  /** In the order given: the order of their global positions. */
  readonly events: PreparedEvent[];
}

/** The convention `<type>-<id>` (zone-1f0c…): the stream type is the prefix. */
export function defaultStreamType(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash > 0 ? streamId.slice(0, dash) : streamId;
}

/** Validates an append and assigns what the store fills in (event ids, schema versions, metadata). */
export function planAppend(
  streams: readonly StreamAppend[],
  options: AppendOptions = {},
): AppendPlan {
  if (streams.length === 0) throw new InvalidAppendError('an append needs at least one stream');
  const seen = new Set<string>();
  const events: PreparedEvent[] = [];
  for (const stream of streams) {
    if (seen.has(stream.streamId))
      throw new InvalidAppendError(`stream ${stream.streamId} appears twice`);
    if (stream.events.length === 0)
      throw new InvalidAppendError(`no events for stream ${stream.streamId}`);
    expectedVersionParameter(stream.expectedVersion);
    seen.add(stream.streamId);
    stream.events.forEach((event, index) =>
      events.push(prepareEvent(event, stream.streamId, index + 1, options.metadata)),
    );
  }
  const prepared = streams.map((stream) => ({
    streamId: stream.streamId,
    streamType: stream.streamType ?? defaultStreamType(stream.streamId),
    expectedVersion: stream.expectedVersion,
    eventCount: stream.events.length,
  }));
  prepared.sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0));
  return { streams: prepared, events };
}

function prepareEvent(
  event: NewEvent<DomainEvent>,
  streamId: string,
  ordinal: number,
  appendMetadata: EventMetadata | undefined,
): PreparedEvent {
  return {
    eventId: event.eventId ?? newEventId(),
    streamId,
    ordinal,
    type: event.type,
    schemaVersion: event.schemaVersion ?? 1,
    data: event.data ?? null,
    metadata: { ...appendMetadata, ...event.metadata },
  };
}
