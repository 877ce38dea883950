/**
 * A dead letter could not be written. The failed message's offset is not committed: the batch
 * is handed back to kafkajs, which fetches the message again, so nothing is lost.
 */
export class DeadLetterPublishError extends Error {
  readonly code = 'MESSAGING.DEAD_LETTER_FAILED';

  constructor(
    readonly topic: string,
    cause: unknown,
  ) {
    super(
      `could not write a dead letter to ${topic}: ${cause instanceof Error ? cause.message : String(cause)}`,
      {
        cause,
      },
    );
    this.name = 'DeadLetterPublishError';
  }
}
