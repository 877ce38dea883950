import { performance, PerformanceObserver } from 'node:perf_hooks';

/**
 * Measures how late a 10 ms interval timer fires: the longest stall of the event loop since the
 * last `restart()`. perf_hooks' monitorEventLoopDelay is not used because its `reset()` forgets
 * when its timer last fired, so a stall right after a reset is lost. Also adds up the garbage
 * collections since the restart (perf_hooks' `gc` entries): the fuzz runs the service in its own
 * process, so a collection pauses both, and whose garbage it collects cannot be told.
 */
export class EventLoopStalls {
  private readonly intervalMs = 10;
  private last = performance.now();
  private longest = 0;
  private collecting = 0;
  private readonly timer: NodeJS.Timeout;
  private readonly collections = new PerformanceObserver((entries) => {
    for (const entry of entries.getEntries()) this.collecting += entry.duration;
  });

  constructor() {
    this.timer = setInterval(() => {
      const now = performance.now();
      this.longest = Math.max(this.longest, now - this.last - this.intervalMs);
      this.last = now;
    }, this.intervalMs);
    this.collections.observe({ entryTypes: ['gc'] });
  }

  /** How long garbage collections took, in ms, since the last restart. */
  get collectingMs(): number {
    return this.collecting;
  }

  /** The longest stall, in ms, since the last restart. */
  get longestMs(): number {
    return Math.max(this.longest, performance.now() - this.last - this.intervalMs);
  }

  /** Starts a new window; the timer keeps its rhythm, so a stall just after still counts. */
  restart(): void {
    this.longest = 0;
    this.collecting = 0;
  }

  /** Stops the timer. */
  stop(): void {
    clearInterval(this.timer);
    this.collections.disconnect();
  }
}
