/**
 * Memory and CPU of a process as the kernel counts them (Linux /proc), so that measuring adds no
 * instrumentation to the process measured.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

export interface Memory {
  /** Resident set now (VmRSS). */
  readonly rssBytes: number;
  /** Highest resident set since the process started (VmHWM). */
  readonly peakRssBytes: number;
}

export function memoryOf(pid: number): Memory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rssBytes: kib('VmRSS'), peakRssBytes: kib('VmHWM') };
}

/** USER_HZ, the unit of /proc/<pid>/stat's times: 100 on every Linux architecture Node runs on. */
const TICKS_PER_SECOND = 100;

/** CPU time (user + system, every thread) the process has used, in ms. */
function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces; fields after its closing parenthesis are plain.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / TICKS_PER_SECOND;
}

/** Samples a process' resident set every `everyMs` until stopped; the peak catches what VmHWM would blur across phases. */
export function sampleRss(pid: number, everyMs: number): { stop(): { peakBytes: number; samples: number } } {
  let peakBytes = 0;
  let samples = 0;
  const take = () => {
    try {
      peakBytes = Math.max(peakBytes, memoryOf(pid).rssBytes);
      samples++;
    } catch {
      // The process is gone: the load will fail and say why; a throw here would escape the timer.
    }
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      take();
      return { peakBytes, samples };
    },
  };
}

export interface CpuUse {
  /** Cores used on average over the span, by name ('bench' is this process: the simulator and the bench itself). */
  readonly cores: Readonly<Record<string, number>>;
  /** Share of the span this process' event loop (the simulator's) was busy. */
  readonly benchLoopBusy: number;
}

/** Measures the CPU use of this process and of `pids` from now until `stop()`. */
export function meterCpu(pids: Readonly<Record<string, number>>): { stop(): CpuUse } {
  const started = performance.now();
  const benchBefore = process.cpuUsage();
  const loopBefore = performance.eventLoopUtilization();
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuMsOf(pid)]));
  return {
    stop: () => {
      const wallMs = performance.now() - started;
      const bench = process.cpuUsage(benchBefore);
      const cores: Record<string, number> = { bench: (bench.user + bench.system) / 1000 / wallMs };
      for (const [name, pid] of Object.entries(pids)) cores[name] = (cpuMsOf(pid) - (before[name] ?? 0)) / wallMs;
      return { cores, benchLoopBusy: performance.eventLoopUtilization(loopBefore).utilization };
    },
  };
}
