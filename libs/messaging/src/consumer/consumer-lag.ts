/** How far a consumer is behind on one partition. */
export interface PartitionLag {
  readonly topic: string;
  readonly partition: number;
  /** Offset of the next message to be written to the partition. */
  readonly highWatermark: string;
  /** Offset of the next message the consumer will handle. */
  readonly position: string;
  /** Messages written but not yet handled. */
  readonly lag: number;
}

/**
 * The next offset to handle on a partition: the furthest of what Kafka has committed and what
 * this process has handled (commits trail behind); without either, the partition's start
 * (or its end, for a group that starts from the latest message).
 */
export function partitionPosition(
  committed: string | undefined,
  handled: string | undefined,
  bounds: { low: string; high: string },
  fromBeginning: boolean,
): bigint {
  const known = [committed, handled]
    .filter((o): o is string => o !== undefined && BigInt(o) >= 0n)
    .map(BigInt);
  if (known.length === 0) return BigInt(fromBeginning ? bounds.low : bounds.high);
  return known.reduce((a, b) => (a > b ? a : b));
}

/** Messages between a position and the high watermark (never negative). */
export function lagOf(highWatermark: string, position: bigint): number {
  const lag = BigInt(highWatermark) - position;
  return lag > 0n ? Number(lag) : 0;
}
