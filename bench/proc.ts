import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';

/** A server the benchmark started in its own process, so it never shares a thread with the load generator. */
export interface Child {
  name: string;
  proc: ChildProcess;
  pid: number;
  /** The last lines the child wrote, shown when something goes wrong. */
  output(): string;
  /** Resolves once the child has exited. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

const OUTPUT_KEEP = 16_000;

/** Spawns `node [nodeArgs] script [args]` with `env`, keeping the tail of its output. */
export function spawnNode(name: string, nodeArgs: string[], env: NodeJS.ProcessEnv, cwd: string): Child {
  const proc = spawn(process.execPath, nodeArgs, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  if (proc.pid === undefined) throw new Error(`${name}: could not start a child process`);
  const pid = proc.pid;
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-OUTPUT_KEEP);
  };
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => {
    proc.once('exit', (code) => resolve(code));
  });
  let alive = true;
  void exited.then(() => {
    alive = false;
  });
  return {
    name,
    proc,
    pid,
    output: () => tail,
    exited,
    async stop() {
      if (!alive) return;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => {
        if (alive) proc.kill('SIGKILL');
      }, 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Waits for a line of the child's stdout that matches `pattern`; fails if the child exits first. */
export function waitForLine(child: Child, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const done = (error: Error | null, match?: RegExpMatchArray) => {
      clearTimeout(timer);
      child.proc.stdout?.off('data', onData);
      if (error) reject(error);
      else if (match) resolve(match);
    };
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const match = buffer.match(pattern);
      if (match) done(null, match);
    };
    const timer = setTimeout(() => done(new Error(`${child.name}: not ready after ${timeoutMs} ms\n${child.output()}`)), timeoutMs);
    child.proc.stdout?.on('data', onData);
    void child.exited.then((code) => done(new Error(`${child.name} exited (code ${code}) before it was ready\n${child.output()}`)));
  });
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/** Resident memory of a process in bytes (VmRSS from /proc/<pid>/status), or null off Linux. */
export function rssBytes(pid: number): number | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = status.match(/^VmRSS:\s+(\d+)\s+kB/m);
    return match?.[1] ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

const CLOCK_TICKS = 100; // USER_HZ on Linux

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat, or null off Linux. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return Number.isFinite(utime) && Number.isFinite(stime) ? (utime + stime) / CLOCK_TICKS : null;
  } catch {
    return null;
  }
}

/** CPU seconds the whole machine spent busy (all cores, including steal), from /proc/stat, or null off Linux. */
export function machineBusySeconds(): number | null {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
    const busy = [user, nice, system, irq, softirq, steal].reduce<number>((sum, v) => sum + (v ?? 0), 0);
    return Number.isFinite(busy) ? busy / CLOCK_TICKS : null;
  } catch {
    return null;
  }
}
