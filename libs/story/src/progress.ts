/** Where the story writes: a terminal (one line updated in place) or a log (lines). */
export interface StoryOutput {
  write(text: string): void;
  readonly isTTY?: boolean;
}

/** How often the display changes: a terminal's line, a log's repeated line. */
export interface ProgressTiming {
  readonly ttyIntervalMs: number;
  readonly logIntervalMs: number;
}

export const DEFAULT_PROGRESS_TIMING: ProgressTiming = { ttyIntervalMs: 250, logIntervalMs: 5000 };

/** The line a long step shows: what it does, how far it got, how long it has taken. */
export function progressLine(label: string, detail: string, elapsedMs: number): string {
  const seconds = Math.floor(elapsedMs / 1000);
  return `${label}${detail ? `: ${detail}` : ''} (${seconds}s)`;
}

/** Whether a log (not a terminal) should repeat the line now. */
export function dueForLog(lastWrittenMs: number, nowMs: number, intervalMs: number): boolean {
  return nowMs - lastWrittenMs >= intervalMs;
}

/** One long step in progress: update its detail, then end it (the line is cleared or left). */
export interface ProgressTask {
  update(detail: string): void;
  end(): void;
}

/**
 * Shows a long step: on a terminal one line rewritten in place, in a log one line every few
 * seconds. The step's own report is written after end().
 */
export function startProgress(
  output: StoryOutput,
  label: string,
  timing: ProgressTiming = DEFAULT_PROGRESS_TIMING,
  now: () => number = Date.now,
): ProgressTask {
  const started = now();
  let detail = '';
  let lastLogged = started;
  const tty = output.isTTY === true;
  const show = () => {
    const line = progressLine(label, detail, now() - started);
    if (tty) output.write(`\r\x1b[K${line}`);
    else if (dueForLog(lastLogged, now(), timing.logIntervalMs)) {
      lastLogged = now();
      output.write(`  … ${line}\n`);
    }
  };
  const timer = setInterval(show, tty ? timing.ttyIntervalMs : 1000);
  timer.unref();
  return {
    update(next) {
      detail = next;
      if (tty) show();
    },
    end() {
      clearInterval(timer);
      if (tty) output.write('\r\x1b[K');
    },
  };
}

/** Runs `work` under a progress display that ends however the work ends. */
export async function withProgress<T>(
  output: StoryOutput,
  label: string,
  work: (task: ProgressTask) => Promise<T>,
): Promise<T> {
  const task = startProgress(output, label);
  try {
    return await work(task);
  } finally {
    task.end();
  }
}
