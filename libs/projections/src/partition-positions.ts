import { partitionKey, type MessagePosition } from '@zoneledger/messaging';

/** Where a partition must be read from before an event at this position may be applied. */
export type PositionCheck =
  | { readonly inPlace: true }
  | { readonly inPlace: false; readonly seekTo: string };

/**
 * Keeps a runner's Kafka position honest against the database, which holds the truth.
 *
 * Kafka behind the checkpoint (a crash after the database commit, an offset reset): the skip
 * logic suffices, redelivered events are recognised by their offset and change nothing.
 * Kafka ahead of it (the group's offsets reflect another generation after a switch, or
 * someone moved them): applying the event would leave a gap, so the partition is sought back.
 *
 * The check runs on the first event of a partition after each group join, each generation
 * change and each seek, inside the event's transaction with the checkpoint row locked. It is
 * not done on GROUP_JOIN with consumer.seek, because that handler races the first fetch: a
 * batch from the old position could be applied before the seek lands.
 */
export class PartitionPositions {
  /** Partitions known to be read from the right place, with the generation that was checked. */
  private readonly checked = new Map<string, number>();

  constructor(
    private readonly lowWatermark: (topic: string, partition: number) => Promise<bigint>,
  ) {}

  /** After a group join: assignments may have moved; check every partition again. */
  forget(): void {
    this.checked.clear();
  }

  async check(
    position: MessagePosition,
    generation: number,
    checkpoint: bigint,
  ): Promise<PositionCheck> {
    const key = partitionKey(position.topic, position.partition);
    if (this.checked.get(key) === generation) return { inPlace: true };
    const offset = BigInt(position.offset);
    const result = await this.expected(position, offset, checkpoint);
    // Marked in both cases: after a seek, the first event is where Kafka resumes, which may lie
    // past the target when the target is not a data record (e.g. a transaction marker).
    this.checked.set(key, generation);
    return result;
  }

  private async expected(
    position: MessagePosition,
    offset: bigint,
    checkpoint: bigint,
  ): Promise<PositionCheck> {
    if (offset <= checkpoint + 1n) return { inPlace: true };
    // Records below the low watermark are gone (retention): start from the first that exists.
    const low = await this.lowWatermark(position.topic, position.partition);
    const next = checkpoint + 1n > low ? checkpoint + 1n : low;
    return offset <= next ? { inPlace: true } : { inPlace: false, seekTo: String(next) };
  }
}
