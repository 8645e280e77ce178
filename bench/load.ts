import autocannon, { type Request, type Result } from 'autocannon';
import { cpuSeconds, machineBusySeconds } from './proc.js';

export interface LoadSettings {
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
}

/** One route of one server; `requests`, when given, are cycled through by every connection. */
export interface Target {
  label: string;
  baseUrl: string;
  path: string;
  headers?: Record<string, string>;
  requests?: Request[];
  /** The server's process id, to charge it the CPU time it used during the measured round. */
  pid: number;
}

export interface RoundResult {
  label: string;
  path: string;
  durationSeconds: number;
  requests: number;
  /** autocannon's mean of the per-second request counts. */
  reqPerSec: number;
  /** From every response's own timing (autocannon's histogram keeps whole milliseconds only). */
  latencyMs: { mean: number; p50: number; p90: number; p99: number; max: number };
  autocannonLatencyMs: { p50: number; p99: number };
  statusCodes: Record<string, number>;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** CPU seconds (user + system) the server used during the measured round, and per request. */
  serverCpuSeconds: number | null;
  serverCpuMicrosPerRequest: number | null;
  /**
   * Cores' worth of CPU used during the round by everything except the server and this process
   * (the load generator): PostgreSQL in its rounds, the kernel's loopback work, and whatever else
   * shares the machine. Well above ~0.3 on a 2-core machine means the round was disturbed.
   */
  otherCores: number | null;
}

export class LoadError extends Error {}

class Samples {
  private values = new Float64Array(1 << 20);
  private size = 0;
  add(value: number) {
    if (this.size === this.values.length) {
      const bigger = new Float64Array(this.values.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[this.size++] = value;
  }
  summary() {
    const sorted = this.values.slice(0, this.size).sort();
    const n = sorted.length;
    const at = (q: number) => (n === 0 ? 0 : (sorted[Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1))] ?? 0));
    let sum = 0;
    for (const v of sorted) sum += v;
    return { mean: n ? sum / n : 0, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: at(1) };
  }
}

function fire(target: Target, connections: number, seconds: number, samples?: Samples): Promise<Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: target.baseUrl + target.path,
        connections,
        pipelining: 1,
        duration: seconds,
        timeout: 10,
        ...(target.headers ? { headers: target.headers } : {}),
        ...(target.requests ? { requests: target.requests } : {}),
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    if (samples) instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => samples.add(ms));
  });
}

function assertClean(target: Target, phase: string, result: Result) {
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new LoadError(
      `${target.label} ${target.path} (${phase}): ${result.non2xx} non-2xx responses, ${result.errors} errors, ` +
        `${result.timeouts} timeouts; status codes ${JSON.stringify(result.statusCodeStats)}`,
    );
  }
  if (result['2xx'] === 0) throw new LoadError(`${target.label} ${target.path} (${phase}): no successful response at all`);
}

/** A warm-up (discarded, but it must be clean too), then the measured round. */
export async function runRound(target: Target, settings: LoadSettings): Promise<RoundResult> {
  assertClean(target, 'warm-up', await fire(target, settings.connections, settings.warmupSeconds));
  const samples = new Samples();
  const cpuBefore = cpuSeconds(target.pid);
  const machineBefore = machineBusySeconds();
  const selfBefore = process.cpuUsage();
  const wallBefore = process.hrtime.bigint();
  const result = await fire(target, settings.connections, settings.durationSeconds, samples);
  const cpuAfter = cpuSeconds(target.pid);
  const machineAfter = machineBusySeconds();
  const self = process.cpuUsage(selfBefore);
  const wallSeconds = Number(process.hrtime.bigint() - wallBefore) / 1e9;
  assertClean(target, 'measured round', result);
  const serverCpuSeconds = cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : null;
  const otherCores =
    machineBefore !== null && machineAfter !== null && serverCpuSeconds !== null
      ? Math.max(0, machineAfter - machineBefore - serverCpuSeconds - (self.user + self.system) / 1e6) / wallSeconds
      : null;
  return {
    label: target.label,
    path: target.path,
    durationSeconds: settings.durationSeconds,
    requests: result.requests.total,
    reqPerSec: result.requests.average,
    latencyMs: samples.summary(),
    autocannonLatencyMs: { p50: result.latency.p50, p99: result.latency.p99 },
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count])),
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    serverCpuSeconds,
    serverCpuMicrosPerRequest:
      serverCpuSeconds !== null && result.requests.total > 0 ? (serverCpuSeconds * 1e6) / result.requests.total : null,
    otherCores,
  };
}
