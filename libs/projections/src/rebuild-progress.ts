import { partitionKey } from '@zoneledger/messaging';

/** A partition's end when a rebuild started. */
export interface PartitionMark {
  readonly topic: string;
  readonly partition: number;
  readonly highWatermark: string;
}

/** What a rebuild compares to decide whether its generation may be switched in. */
export interface RebuildProgress {
  /** Partition ends captured when the rebuild started. */
  readonly marks: readonly PartitionMark[];
  /** The rebuilding generation's checkpoints. */
  readonly rebuilt: ReadonlyMap<string, bigint>;
  /** The current generation's checkpoints: what readers see now. */
  readonly live: ReadonlyMap<string, bigint>;
  /** The rebuild consumer group's committed offsets (next to read). */
  readonly committed: ReadonlyMap<string, bigint>;
}

/**
 * Partitions on which the new generation is still behind. It is caught up on a partition when
 * it has applied everything up to the mark (its checkpoint reached the mark's last record, or its
 * group committed past the mark: the last record was a transaction marker), and at least as
 * much as the current generation, so switching never shows readers an older state.
 */
export function partitionsBehind(progress: RebuildProgress): string[] {
  const behind = new Set<string>();
  for (const { topic, partition, highWatermark } of progress.marks) {
    const key = partitionKey(topic, partition);
    const rebuilt = progress.rebuilt.get(key) ?? -1n;
    const end = BigInt(highWatermark);
    const reachedMark = rebuilt >= end - 1n || (progress.committed.get(key) ?? -1n) >= end;
    if (!reachedMark) behind.add(key);
  }
  for (const [key, live] of progress.live) {
    if ((progress.rebuilt.get(key) ?? -1n) < live) behind.add(key);
  }
  return [...behind].sort();
}
