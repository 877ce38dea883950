import type { RecordedEvent } from '@zoneledger/event-store';
import { IdempotencyKeyReusedError } from '../problems/request-errors';
import type { CommandContext } from './command-context';

/** The metadata members an idempotent command records on its events. */
export function idempotencyMetadata(context: CommandContext): Record<string, string> {
  return {
    ...(context.idempotencyKey ? { idempotencyKey: context.idempotencyKey } : {}),
    ...(context.idempotencyFingerprint
      ? { idempotencyFingerprint: context.idempotencyFingerprint }
      : {}),
  };
}

/**
 * The events an earlier command with the context's Idempotency-Key recorded in a stream (empty
 * when none did): a retry is answered with them instead of being decided again. A key that
 * recorded events for a different request (another fingerprint) is refused with 422.
 */
export function eventsRecordedUnderKey<Event extends RecordedEvent>(
  events: readonly Event[],
  context: Pick<CommandContext, 'idempotencyKey' | 'idempotencyFingerprint'>,
): Event[] {
  if (context.idempotencyKey === undefined) return [];
  const recorded = events.filter(
    (event) => event.metadata.idempotencyKey === context.idempotencyKey,
  );
  const first = recorded[0]?.metadata.idempotencyFingerprint;
  // Events recorded before fingerprints were kept have none: they answer any retry, as before.
  if (
    first !== undefined &&
    context.idempotencyFingerprint !== undefined &&
    first !== context.idempotencyFingerprint
  ) {
    throw new IdempotencyKeyReusedError();
  }
  return recorded;
}
