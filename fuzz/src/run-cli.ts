import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';

/** How long and how big one run of the command may get before it counts as a hang or as unbounded memory. */
export interface RunLimits {
  readonly timeMs: number;
  /** Peak resident memory of the process (V8 heap, wasm memory, array buffers, threads), in MB. */
  readonly rssMb: number;
  /** V8's old-space limit (`--max-old-space-size`), in MB: past it V8 aborts, which is a finding too. */
  readonly heapMb: number;
}

export interface RunResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** The first `MAX_KEPT` bytes of each stream (the rest is read and dropped). */
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  readonly overMemory: boolean;
  readonly peakRssMb: number;
  readonly ms: number;
}

const MAX_KEPT = 64 * 1024;
/** How often the child's peak RSS is read from /proc: it is a high-water mark, so nothing between reads is missed. */
const POLL_MS = 50;

/**
 * Runs `node <bin> ...args` with V8's heap capped and kills it (SIGKILL) when it outlives `timeMs` or its peak RSS
 * (VmHWM, which counts wasm memory and array buffers that the heap cap does not) passes `rssMb`. On systems
 * without /proc only the time and heap limits apply.
 */
export function runCli(bin: string, args: readonly string[], limits: RunLimits): Promise<RunResult> {
  const started = performance.now();
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  // A stack trace on stderr is a finding: the debug switch must not be what prints it.
  delete env.DF_STREAM_DEBUG;
  const child = spawn(process.execPath, [`--max-old-space-size=${limits.heapMb}`, bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
  const out = collect(child.stdout);
  const err = collect(child.stderr);
  let timedOut = false;
  let overMemory = false;
  let peakRssMb = 0;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, limits.timeMs);
  const poll = setInterval(() => {
    if (child.pid === undefined) return;
    readFile(`/proc/${child.pid}/status`, 'utf8').then(
      (status) => {
        const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
        peakRssMb = Math.max(peakRssMb, kb / 1024);
        if (peakRssMb > limits.rssMb && child.exitCode === null) {
          overMemory = true;
          child.kill('SIGKILL');
        }
      },
      // Gone already, or no /proc here.
      () => undefined,
    );
  }, POLL_MS);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearInterval(poll);
      resolve({ code, signal, stdout: out(), stderr: err(), timedOut, overMemory, peakRssMb: Math.round(peakRssMb), ms: Math.round(performance.now() - started) });
    });
  });
}

function collect(stream: NodeJS.ReadableStream): () => string {
  const parts: Buffer[] = [];
  let kept = 0;
  stream.on('data', (data: Buffer) => {
    if (kept >= MAX_KEPT) return;
    parts.push(data.subarray(0, MAX_KEPT - kept));
    kept += Math.min(data.length, MAX_KEPT - kept);
  });
  return () => Buffer.concat(parts).toString('utf8');
}
