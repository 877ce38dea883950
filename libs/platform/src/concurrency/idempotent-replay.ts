import type { RecordedEvent } from '@zoneledger/event-store';
import { createHash, randomUUID } from 'node:crypto';
import { IdempotencyKeyReusedError } from '../problems/request-errors';
import type { CommandContext } from './command-context';

/**
 * The id of an aggregate a command creates without naming it: derived from the caller and the
 * Idempotency-Key when there is one (a UUID of version 8), so a retry addresses the stream the
 * first attempt created and is answered from it; a random UUID otherwise.
 */
export function idForNewAggregate(
  context: Pick<CommandContext, 'actor' | 'idempotencyKey'>,
): string {
  if (context.idempotencyKey === undefined) return randomUUID();
  const bytes = createHash('sha256')
    .update(`${context.actor}\n${context.idempotencyKey}`)
    .digest()
    .subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x80;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

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
