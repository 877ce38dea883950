import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time used by the parts of the system under load, read from Linux's /proc: a process's user
 * and system time (fields 14 and 15 of /proc/<pid>/stat, in clock ticks). Throughput at
 * saturation moves by a fifth between runs on a shared two-core machine; the CPU a command costs
 * each part moves far less, so it is what tells a change's effect.
 */
export interface CpuTimes {
  readonly [part: string]: number;
}

const TICKS_PER_SECOND = clockTicks();

function clockTicks(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}

/** The CPU milliseconds the process has used, or undefined when it is gone (or not Linux). */
function cpuMsOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count from after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

function processIds(): number[] {
  try {
    return readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry))
      .map(Number);
  } catch {
    return [];
  }
}

function readOr(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/**
 * CPU milliseconds so far of each named process, plus every PostgreSQL server process together
 * (`postgres`: the backends of every connection and the server's own workers) and the Kafka broker
 * (`kafka`). A backend that exits between two readings takes its time with it: the services keep
 * their pools' connections open, so under load few do.
 */
export function cpuTimes(processes: Readonly<Record<string, number | undefined>>): CpuTimes {
  const times: Record<string, number> = { postgres: 0, kafka: 0 };
  for (const [part, pid] of Object.entries(processes))
    times[part] = pid === undefined ? 0 : (cpuMsOf(pid) ?? 0);
  for (const pid of processIds()) {
    const name = readOr(`/proc/${pid}/comm`).trim();
    if (name === 'postgres') times.postgres += cpuMsOf(pid) ?? 0;
    else if (name === 'java' && readOr(`/proc/${pid}/cmdline`).includes('kafka.Kafka'))
      times.kafka += cpuMsOf(pid) ?? 0;
  }
  return times;
}

/** Each part's CPU milliseconds between two readings per command, and their total. */
export function cpuMsPerCommand(
  before: CpuTimes,
  after: CpuTimes,
  commands: number,
): Record<string, number> {
  const perCommand: Record<string, number> = {};
  let total = 0;
  for (const part of Object.keys(after)) {
    const used = Math.max(0, after[part] - (before[part] ?? 0));
    total += used;
    perCommand[part] = commands > 0 ? round(used / commands) : 0;
  }
  perCommand.total = commands > 0 ? round(total / commands) : 0;
  return perCommand;
}

const round = (ms: number) => Math.round(ms * 100) / 100;
