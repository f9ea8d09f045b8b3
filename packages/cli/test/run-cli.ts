import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../bin/df-stream.js', import.meta.url));

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built `df-stream` binary (the test script builds first) with piped stdio. */
export function runCli(args: readonly string[], options: { input?: string; cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    input: options.input ?? '',
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Like `runCli`, without blocking: for running many files side by side. */
export function runCliAsync(args: readonly string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * Runs the CLI on a stdin left open and sends SIGINT after `afterMs`. On a loaded machine the signal can come
 * before the CLI has loaded its code and installed its handlers: Node then dies of the signal (code null, nothing
 * on stderr), which says nothing of the handlers. Such a run is repeated with twice the delay, up to three times.
 */
export async function interrupt(args: readonly string[], afterMs: number, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  for (let attempt = 0; ; attempt++) {
    const r = await interruptOnce(args, afterMs * 2 ** attempt, env);
    if (r.code !== null || r.stderr !== '' || attempt === 2) return r;
  }
}

function interruptOnce(args: readonly string[], afterMs: number, env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.write('city,temp\nOslo,1\n');
    setTimeout(() => child.kill('SIGINT'), afterMs);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
