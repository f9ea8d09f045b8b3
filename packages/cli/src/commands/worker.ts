import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { parseCommand } from '../cli-args.js';
import { parseSize } from '../parse-size.js';
import { UsageError } from '../usage-error.js';

export const WORKER_HELP = `df-stream worker --cluster redis://host:port [options]

Takes 'agg --cluster' tasks from Redis and runs them: one part of an input file per task, read from a
path every machine sees the same way (a shared filesystem or object-store mount). Run one per machine.

Options:
  --cluster URL            redis://[user:pass@]host:port[/db], or rediss://... for TLS (required)
  --concurrency N          tasks at once, each on its own thread (default: one per core)
  --memory SIZE            group-state memory shared by the running tasks (default 1GiB)
  --queue NAME             queue name (default df-stream); coordinators must use the same
  --allow-dir DIR          read inputs and write partial states only below DIR; repeatable
  --lock-ms N              how long a task survives without a heartbeat before it is run elsewhere
                           (default 30000)
  -q, --quiet              no log lines

Examples:
  df-stream worker --cluster redis://10.0.0.5:6379 --concurrency 8
  df-stream worker --cluster rediss://df:secret@redis.internal:6380 --allow-dir /mnt/data`;

const WorkerArgs = z.object({
  cluster: z.string().min(1),
  concurrency: z
    .string()
    .regex(/^\d+$/, '--concurrency takes a positive whole number')
    .transform(Number)
    .refine((n) => n > 0, '--concurrency takes a positive whole number')
    .optional(),
  memory: z
    .string()
    .transform((s) => parseSize(s))
    .optional(),
  queue: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+$/, '--queue takes letters, digits, . _ -')
    .optional(),
  'allow-dir': z.array(z.string()).optional(),
  'lock-ms': z
    .string()
    .regex(/^\d+$/, '--lock-ms takes milliseconds')
    .transform(Number)
    .refine((n) => n >= 1000, '--lock-ms is at least 1000')
    .optional(),
  quiet: z.boolean().optional(),
});

/** Runs until Ctrl-C; a task running then is left to its lock, and another worker runs it again. */
export async function workerCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals, help, args: parsedArgs } = parseCommand(argv, WorkerArgs);
  if (help) {
    process.stdout.write(`${WORKER_HELP}\n`);
    return 0;
  }
  if (values.cluster === undefined) throw new UsageError('worker needs --cluster', 'e.g. df-stream worker --cluster redis://127.0.0.1:6379');
  if (positionals.length > 0) throw new UsageError(`worker takes no files (got ${positionals[0]})`, 'inputs come with the tasks');
  const args = parsedArgs();
  // Loaded here, not at startup: other commands need no Redis client.
  const { redact, startClusterWorker } = await import('@df-stream/cluster');
  const log = args.quiet === true ? undefined : (line: string) => process.stderr.write(`df-stream worker: ${line}\n`);
  const allowedRoots = (args['allow-dir'] ?? []).map((d) => (isAbsolute(d) ? d : resolve(d)));
  const worker = startClusterWorker({
    connection: args.cluster,
    concurrency: args.concurrency,
    memoryLimit: args.memory,
    queue: args.queue,
    allowedRoots,
    lockDurationMs: args['lock-ms'],
    onLog: log,
  });
  await worker.ready;
  log?.(`waiting for tasks on ${redact(args.cluster)} (queue ${args.queue ?? 'df-stream'})`);
  // Stop on Ctrl-C without waiting for running tasks: their locks lapse and other workers take them.
  await new Promise<void>((done) => {
    const stop = (): void => {
      process.removeListener('SIGINT', stop);
      process.removeListener('SIGTERM', stop);
      void worker.close(true).finally(done);
    };
    process.removeAllListeners('SIGINT');
    process.removeAllListeners('SIGTERM');
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return 0;
}
