import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';

export const BIN = fileURLToPath(new URL('../../cli/bin/df-stream.js', import.meta.url));
const BUILT = [fileURLToPath(new URL('../../cli/dist/main.js', import.meta.url)), fileURLToPath(new URL('../dist/index.js', import.meta.url))];

/** Why the cluster tests cannot run here, or undefined when they can. */
export function skipReason(): string | undefined {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (probe.error !== undefined || probe.status !== 0) return 'no redis-server on this machine (Debian: apt-get install redis-server)';
  const missing = BUILT.find((p) => !existsSync(p));
  if (missing !== undefined) return `the CLI is not built (${missing}): run pnpm test, which builds first`;
  return undefined;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface RedisServer {
  readonly url: string;
  stop(): Promise<void>;
  /**
   * Stops the server and starts it again on the same port; with `dataDir`, what it held is back (append-only file),
   * unless `lose` says the restart loses it (as a server without persistence would).
   */
  restart(options?: { lose?: boolean }): Promise<void>;
}

/**
 * A throwaway redis-server on a loopback port. Persistence off, unless `dataDir` is given: then every write is in an
 * append-only file there, synced at once, so that a restart loses nothing.
 */
export async function startRedis(options: { dataDir?: string } = {}): Promise<RedisServer> {
  const port = await freePort();
  const persistence = options.dataDir === undefined ? ['--appendonly', 'no'] : ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', options.dataDir];
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence];
  let child = await launch(args, port);
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () => stopProcess(child),
    async restart({ lose = false } = {}) {
      await stopProcess(child);
      if (lose && options.dataDir !== undefined) {
        for (const name of readdirSync(options.dataDir)) rmSync(join(options.dataDir, name), { recursive: true, force: true });
      }
      child = await launch(args, port);
    },
  };
}

/** Starts redis-server and resolves once it answers a PING. */
async function launch(args: readonly string[], port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', args, { stdio: 'ignore' });
  const client = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  // Refused connections are expected while the server starts.
  client.on('error', () => undefined);
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await client.connect();
      await client.ping();
      break;
    } catch (e) {
      if (Date.now() > deadline) throw e;
      client.disconnect();
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  client.disconnect();
  return child;
}

export interface WorkerProcess {
  readonly child: ChildProcess;
  log(): string;
  stop(): Promise<void>;
}

/** `df-stream worker` from the built CLI; resolves once it says it is waiting for tasks. */
export async function startWorker(url: string, extra: readonly string[] = []): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [BIN, 'worker', '--cluster', url, '--concurrency', '1', '--lock-ms', '2000', ...extra], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr?.on('data', (d: Buffer) => {
      log += d.toString();
      if (log.includes('waiting for tasks')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`worker exited (${code}) before it was ready:\n${log}`)));
  });
  return { child, log: () => log, stop: () => stopProcess(child) };
}

/** SIGTERM, then SIGKILL if the process has not ended within `graceMs` (a worker whose Redis is gone may not). */
function stopProcess(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
