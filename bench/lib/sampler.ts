import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface ProcessUsage {
  pid: number;
  /** Highest VmRSS seen in the window. */
  maxRssMb: number;
  /** CPU time used in the window ÷ wall time (1.0 = one core busy). */
  cpuCores: number;
}

export interface WindowUsage {
  phase: string;
  wallMs: number;
  processes: Record<string, ProcessUsage>;
  /** Whole machine (all cores): busy core-seconds per second. */
  machineBusyCores: number;
  /** Busy time that none of the named processes used: other work on the machine during the window. */
  otherBusyCores: number;
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

function readRssMb(pid: number): number | null {
  try {
    const match = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** utime + stime of a process (its threads included), in seconds. */
function readCpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** Busy and total core-seconds of the machine since boot. */
function readMachineSeconds(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = values[3] + (values[4] ?? 0);
  const total = values.reduce((sum, value) => sum + value, 0);
  return { busy: (total - idle) / CLOCK_TICKS, total: total / CLOCK_TICKS };
}

/**
 * Samples RSS (every `intervalMs`) and CPU time of named processes from /proc, in windows named after
 * the bench phases, so that every figure comes with who was using the two cores while it was measured.
 */
export class ProcessSampler {
  private readonly pids = new Map<string, () => number | undefined>();
  private timer?: NodeJS.Timeout;
  private window?: {
    phase: string;
    startedAt: number;
    machine: { busy: number; total: number };
    cpuAtStart: Map<string, number>;
    maxRss: Map<string, number>;
  };
  readonly windows: WindowUsage[] = [];
  /** Highest RSS of each process over the whole run. */
  readonly overallMaxRssMb = new Map<string, number>();

  constructor(private readonly intervalMs = 250) {}

  /** `pid` is read at each sample, so a restarted process is followed. */
  track(name: string, pid: () => number | undefined): void {
    this.pids.set(name, pid);
  }

  start(): void {
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  begin(phase: string): void {
    if (this.window) this.end();
    const cpuAtStart = new Map<string, number>();
    for (const [name, pid] of this.pids) {
      const id = pid();
      const cpu = id ? readCpuSeconds(id) : null;
      if (cpu !== null) cpuAtStart.set(name, cpu);
    }
    this.window = { phase, startedAt: Date.now(), machine: readMachineSeconds(), cpuAtStart, maxRss: new Map() };
    this.sample();
  }

  end(): WindowUsage | undefined {
    const window = this.window;
    if (!window) return undefined;
    this.sample();
    this.window = undefined;
    const wallSeconds = Math.max(0.001, (Date.now() - window.startedAt) / 1000);
    const machine = readMachineSeconds();
    const processes: Record<string, ProcessUsage> = {};
    let namedBusy = 0;
    for (const [name, pid] of this.pids) {
      const id = pid();
      const before = window.cpuAtStart.get(name);
      const after = id ? readCpuSeconds(id) : null;
      if (!id || before === undefined || after === null) continue;
      namedBusy += after - before;
      processes[name] = {
        pid: id,
        maxRssMb: Math.round((window.maxRss.get(name) ?? 0) * 10) / 10,
        cpuCores: Math.round(((after - before) / wallSeconds) * 100) / 100,
      };
    }
    const busy = (machine.busy - window.machine.busy) / wallSeconds;
    const usage: WindowUsage = {
      phase: window.phase,
      wallMs: Math.round(wallSeconds * 1000),
      processes,
      machineBusyCores: Math.round(busy * 100) / 100,
      otherBusyCores: Math.round(Math.max(0, busy - namedBusy / wallSeconds) * 100) / 100,
    };
    this.windows.push(usage);
    return usage;
  }

  private sample(): void {
    for (const [name, pid] of this.pids) {
      const id = pid();
      const rss = id ? readRssMb(id) : null;
      if (rss === null) continue;
      this.overallMaxRssMb.set(name, Math.max(this.overallMaxRssMb.get(name) ?? 0, rss));
      if (this.window) this.window.maxRss.set(name, Math.max(this.window.maxRss.get(name) ?? 0, rss));
    }
  }
}
