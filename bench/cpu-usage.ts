// Where the machine's CPU goes during a benchmark phase: CPU seconds of the worker processes, PostgreSQL, RabbitMQ
// and this process (collector and load generator), read from /proc. Linux only; elsewhere `null`, and the
// benchmark says so instead of printing a split it cannot measure.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

export interface CpuSplit { [component: string]: number }

/** What each component's CPU seconds are read from: named process commands, or explicit pids. */
export interface Components { [component: string]: { pids?: readonly number[]; command?: string } }

/** Starts measuring now; `stop()` gives each component's CPU seconds since. */
export function startCpuMeter(components: Components): { stop(): CpuSplit } | null {
  if (!existsSync('/proc/self/stat')) return null;
  const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  // Per process, so one that starts during the phase counts from its start (one that exits takes its time along).
  const read = (): Map<string, Map<number, number>> => new Map(Object.entries(components).map(([name, c]) => {
    const pids = c.command === undefined ? c.pids ?? [] : pidsOf(c.command);
    return [name, new Map(pids.map((pid) => [pid, cpuTicks(pid)]))];
  }));
  const before = read();
  return {
    stop() {
      const split: CpuSplit = {};
      for (const [name, after] of read()) {
        let ticks = 0;
        for (const [pid, t] of after) ticks += t - (before.get(name)?.get(pid) ?? 0);
        split[name] = ticks / ticksPerSecond;
      }
      return split;
    },
  };
}

/** utime + stime of a process (0 when it is gone): fields 14 and 15 of /proc/PID/stat, after the `(comm)`. */
function cpuTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

function pidsOf(command: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === command) pids.push(Number(entry));
    } catch { /* exited meanwhile */ }
  }
  return pids;
}
