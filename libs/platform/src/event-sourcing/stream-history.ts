import type { DomainEvent, RecordedEvent } from '@zoneledger/event-store';

/** One event of an aggregate's stream, as its history endpoint shows it. */
export interface StreamHistoryEntry<Event extends DomainEvent> {
  readonly version: number;
  readonly type: Event['type'];
  readonly data: Event['data'];
  readonly recordedAt: Date;
  /** Who recorded it (the command's actor), when the event says. */
  readonly actor?: string;
}

/** A stream's events in the order they were recorded, as history endpoints show them. */
export function streamHistory<Event extends DomainEvent>(
  events: readonly RecordedEvent<Event>[],
): StreamHistoryEntry<Event>[] {
  return events.map((event) => ({
    version: event.streamVersion,
    type: event.type,
    data: event.data,
    recordedAt: event.recordedAt,
    ...(typeof event.metadata.actor === 'string' ? { actor: event.metadata.actor } : {}),
  }));
}
