/** Who issued a command and how; the platform reads it from the request (ChangeContext). */
export type { CommandContext } from '@zoneledger/platform';

/** What a command on one policy's stream did. */
export interface PolicyCommandResult {
  readonly policyId: string;
  /** The stream's version after the command: the ETag for the next If-Match. */
  readonly version: number;
  /** The types of the events recorded (none when the command asked for what already was). */
  readonly recorded: readonly string[];
  /** True when an earlier command with the same Idempotency-Key answered. */
  readonly replayed: boolean;
}

/** The event-store stream of a policy: its category (`policy`, the contracts' aggregate). */
export const POLICY_STREAM_TYPE = 'policy';

/** The stream id of a policy: `policy-<policy id>`. */
export function policyStreamId(policyId: string): string {
  return `${POLICY_STREAM_TYPE}-${policyId}`;
}
