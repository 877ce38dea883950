import { performance } from 'node:perf_hooks';

/**
 * Measures how late a 10 ms interval timer fires: the longest stall of the event loop since the
 * last `restart()`. perf_hooks' monitorEventLoopDelay is not used because its `reset()` forgets
 * when its timer last fired, so a stall right after a reset is lost.
 */
export class EventLoopStalls {
  private readonly intervalMs = 10;
  private last = performance.now();
  private longest = 0;
  private readonly timer: NodeJS.Timeout;

  constructor() {
    this.timer = setInterval(() => {
      const now = performance.now();
      this.longest = Math.max(this.longest, now - this.last - this.intervalMs);
      this.last = now;
    }, this.intervalMs);
  }

  /** The longest stall, in ms, since the last restart. */
  get longestMs(): number {
    return Math.max(this.longest, performance.now() - this.last - this.intervalMs);
  }

  /** Starts a new window; the timer keeps its rhythm, so a stall just after still counts. */
  restart(): void {
    this.longest = 0;
  }

  /** Stops the timer. */
  stop(): void {
    clearInterval(this.timer);
  }
}
