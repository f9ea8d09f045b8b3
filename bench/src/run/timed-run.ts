import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Command {
  argv: string[];
  env?: Record<string, string>;
  /**
   * Where the process's stdout goes instead of the runner (a shell's `> file`): a CLI printing q10's ten million
   * result rows would pass the longest string V8 makes, and the runner's own memory would grow with it.
   */
  stdoutFile?: string;
}

export interface RunMeasurement {
  wallMs: number;
  /** Peak resident set size of the process in KiB, from `/usr/bin/time -v`; null where that is missing. */
  maxRssKB: number | null;
  userS: number | null;
  sysS: number | null;
  exitCode: number | null;
  timedOut: boolean;
  /** Empty when the command wrote its stdout to `stdoutFile`. */
  stdout: string;
  stderrTail: string;
}

const gnuTime = '/usr/bin/time';
export const hasGnuTime = fs.existsSync(gnuTime);

/** Process groups of the runs under way: Ctrl-C on the runner must not leave a 3 GB engine running detached. */
const running = new Set<number>();
let handlersInstalled = false;

function installSignalHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      for (const pid of running) killGroup(pid);
      process.exit(130);
    });
  }
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/**
 * Runs one command as its own process under GNU time, which reports the child's peak RSS (getrusage's
 * ru_maxrss) without sampling. Wall time is measured here with a monotonic clock, around the whole process:
 * start-up, module loading, reading and the query, as a user of the engine pays it.
 */
export async function timedRun(command: Command, timeoutMs: number): Promise<RunMeasurement> {
  installSignalHandlers();
  const reportFile = path.join(os.tmpdir(), `df-stream-bench-time-${process.pid}-${Date.now()}.txt`);
  const [program, ...rest] = hasGnuTime ? [gnuTime, '-v', '-o', reportFile, ...command.argv] : command.argv;
  const stdoutFd = command.stdoutFile === undefined ? undefined : fs.openSync(command.stdoutFile, 'w');
  const started = performance.now();
  const child = spawn(program, rest, {
    env: { ...process.env, ...command.env },
    stdio: ['ignore', stdoutFd ?? 'pipe', 'pipe'],
    // Its own process group, so a timeout can kill the engine and anything it started.
    detached: true,
  });
  // The child holds its own copy of the descriptor.
  if (stdoutFd !== undefined) fs.closeSync(stdoutFd);
  if (child.pid) running.add(child.pid);
  let stdout = '';
  let stderrTail = '';
  child.stdout?.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr?.setEncoding('utf8').on('data', (text: string) => (stderrTail = (stderrTail + text).slice(-4000)));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    if (child.pid) killGroup(child.pid);
  }, timeoutMs);
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code));
  });
  const wallMs = performance.now() - started;
  clearTimeout(timer);
  if (child.pid) running.delete(child.pid);
  const report = hasGnuTime && fs.existsSync(reportFile) ? fs.readFileSync(reportFile, 'utf8') : '';
  fs.rmSync(reportFile, { force: true });
  return {
    wallMs,
    maxRssKB: field(report, 'Maximum resident set size (kbytes)'),
    userS: field(report, 'User time (seconds)'),
    sysS: field(report, 'System time (seconds)'),
    // GNU time exits with the child's status, so `exitCode` is the engine's own.
    exitCode,
    timedOut,
    stdout,
    stderrTail,
  };
}

function field(report: string, label: string): number | null {
  const line = report.split('\n').find((l) => l.trim().startsWith(label));
  if (!line) return null;
  const value = Number(line.slice(line.lastIndexOf(':') + 1).trim());
  return Number.isFinite(value) ? value : null;
}
