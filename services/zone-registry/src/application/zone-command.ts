/** Who issued a command and how; the platform reads it from the request (ChangeContext). */
export type { CommandContext } from '@zoneledger/platform';

/** What a command on one zone's stream did. */
export interface ZoneCommandResult {
  readonly zoneId: string;
  /** The stream's version after the command: the ETag for the next If-Match. */
  readonly version: number;
  /** The types of the events recorded (none when the command asked for what already was). */
  readonly recorded: readonly string[];
  /** True when an earlier command with the same Idempotency-Key answered. */
  readonly replayed: boolean;
}

/** The event-store stream of a zone: its category (`zone`, the contracts' aggregate) and its id. */
export const ZONE_STREAM_TYPE = 'zone';

/** The stream id of a zone: `zone-<zone id>`. */
export function zoneStreamId(zoneId: string): string {
  return `${ZONE_STREAM_TYPE}-${zoneId}`;
}
