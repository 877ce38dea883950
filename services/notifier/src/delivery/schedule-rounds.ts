import type { PostgresListener } from '../application/postgres-listener';
import type { ChannelKind } from '../domain';
import { DELIVERIES_CHANNEL } from './delivery-tables';

/**
 * When a worker of one channel looks at the delivery schedule: one round at a time, started by
 * `wake()`: by the NOTIFY a new or redelivered notification of its channel sends, by a lost
 * LISTEN session (one may have been missed), by a poll timer (retries falling due, another
 * instance's leases running out) and by the worker itself. A wake during a round asks for
 * another after it; the round reads `woken` to know whether to go on.
 */
export class ScheduleRounds {
  private unlisten?: () => void;
  private poll?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = true;

  constructor(
    private readonly round: () => Promise<void>,
    private readonly onError: (error: Error) => void,
  ) {}

  /** Whether the worker is stopping: a round in progress ends early. */
  get stopping(): boolean {
    return this.stopped;
  }

  /** Whether a wake came since the round began (or since the last call); clears it. */
  takeWake(): boolean {
    const woken = this.again;
    this.again = false;
    return woken;
  }

  async start(listener: PostgresListener, kind: ChannelKind, pollMs: number): Promise<void> {
    this.stopped = false;
    this.unlisten = await listener.subscribe(DELIVERIES_CHANNEL, (notified) => {
      if (notified === undefined || notified === kind) this.wake();
    });
    this.poll = setInterval(() => this.wake(), pollMs);
    this.poll.unref();
    this.wake();
  }

  /** Stops waking and waits for the round in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.poll);
    this.unlisten?.();
    await this.running;
  }

  /** A round now, or right after the current one. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.again = false;
    this.running = this.round()
      .catch(this.onError)
      .finally(() => {
        this.running = undefined;
        if (this.again) this.wake();
      });
  }
}
