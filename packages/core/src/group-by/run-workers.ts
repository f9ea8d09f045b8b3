import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SourceSplit } from '../scan-source.js';
import type { AggSpec } from './agg-spec.js';
import type { WorkerMessage, WorkerTask } from './aggregate-worker.js';
import type { HashAggregator } from './hash-aggregator.js';

/**
 * Row positions of split i start at (i + 1) * 2^40: input order survives the merge (2^40 rows per split; the
 * rows the calling thread read itself, before and in split 0, come first, from 0).
 */
const POSITION_STRIDE = 2 ** 40;

/** Where the workers' splits sit among all the splits, and how the calling thread stops them. */
export interface WorkerRun {
  /** The index of the first of `splits` among all the splits of the input (the calling thread may read some). */
  readonly firstSplit: number;
  /** Aborting stops every worker; the run then rejects with the abort's reason. */
  readonly signal: AbortSignal;
}

/**
 * Runs one worker thread per split and merges the partial states they post into `into`, as they come.
 * The first failure stops every worker and is rethrown with its name and message (one clean line).
 */
export async function runWorkers(
  splits: readonly SourceSplit[],
  keys: readonly string[],
  aggs: readonly AggSpec[],
  memoryLimit: number,
  into: HashAggregator,
  onProgress: (rows: number, bytesRead: number) => void,
  run: WorkerRun,
): Promise<void> {
  // From TypeScript sources (tests, tsx) the worker needs the same loader; built code runs as is.
  const fromSource = import.meta.url.endsWith('.ts');
  const url = new URL(fromSource ? './aggregate-worker.ts' : './aggregate-worker.js', import.meta.url);
  const rows = new Array<number>(splits.length).fill(0);
  const bytes = new Array<number>(splits.length).fill(0);
  const workers: Worker[] = [];
  const aborted = new Promise<never>((_, reject) => {
    if (run.signal.aborted) reject(run.signal.reason);
    run.signal.addEventListener('abort', () => reject(run.signal.reason), { once: true });
  });
  // The race below sees an abort while the workers run; an abort after they are done is no one's error.
  aborted.catch(() => undefined);
  try {
    const all = Promise.all(
      splits.map(
        (split, i) =>
          new Promise<void>((resolve, reject) => {
            const task: WorkerTask = { split, keys, aggs, memoryLimit, positionBase: (run.firstSplit + i + 1) * POSITION_STRIDE };
            const worker = fromSource
              ? new Worker(tsxBootstrap(url), { eval: true, workerData: task })
              : new Worker(url, { workerData: task });
            workers.push(worker);
            let finished = false;
            worker.on('message', (m: WorkerMessage) => {
              if (m.type === 'partial') into.mergeCompact(m.partial);
              else if (m.type === 'progress') {
                rows[i] = m.rows;
                bytes[i] = m.bytesRead;
                onProgress(sum(rows), sum(bytes));
              } else if (m.type === 'done') {
                finished = true;
                resolve();
              } else {
                const err = new Error(m.message) as Error & { hint?: string };
                err.name = m.name;
                if (m.hint !== undefined) err.hint = m.hint;
                finished = true;
                reject(err);
              }
            });
            worker.on('error', reject);
            worker.on('exit', (code) => {
              if (!finished) reject(new Error(`aggregation worker ${i} stopped (exit code ${code}) before finishing`));
            });
          }),
      ),
    );
    await Promise.race([all, aborted]);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** Workers do not inherit the tsx loader: register it first, then load the TypeScript worker. */
function tsxBootstrap(url: URL): string {
  const pkg = createRequire(import.meta.url).resolve('tsx/package.json');
  const api = pathToFileURL(join(dirname(pkg), 'dist/esm/api/index.mjs')).href;
  return `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(url.href)}); });`;
}

function sum(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}
