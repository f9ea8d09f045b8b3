/**
 * A worker's reading speed against the calling thread's, once both read: on db-benchmark's 1e8-row CSV (q1, two
 * threads, page cache warm) a worker read 597 MB/s while the calling thread read 658 MB/s.
 */
const WORKER_SPEED = 0.9;
/**
 * Milliseconds from handing out the splits to a worker reading its first row: thread start, module load and
 * the split's layout. Measured 70-100 ms on the 2-core development box.
 */
const WORKER_START_MS = 100;
/**
 * A worker's extra milliseconds per group the probe found: the calling thread's table holds them already, a
 * worker meets each one as new (an insert, table growth) and its partial is that much bigger. Fitted on
 * db-benchmark's q5 (1e5 groups), where a worker read at 0.79 of the calling thread's speed against q1's 0.9.
 */
const WORKER_MS_PER_GROUP = 0.0013;
/** The least share of a worker against the calling thread's, for a rest too short to be worth a worker. */
const MIN_WORKER_SHARE = 0.05;

/**
 * Relative sizes of the parts the rest of an input is split into for `threads` threads: the calling thread's
 * (it reads the first part, warm and at once) then each worker's (it starts late, meets the probe's `groups`
 * groups anew and reads slower), such that all finish together if the calling thread alone would read the whole
 * rest in `restMs`. With T the common finish time, the calling thread reads T / restMs of the rest and a worker
 * WORKER_SPEED * (T - late) / restMs, where `late` is WORKER_START_MS plus WORKER_MS_PER_GROUP per group.
 */
export function splitWeights(threads: number, restMs: number, groups = 0): number[] {
  const workers = threads - 1;
  if (!(restMs > 0) || !Number.isFinite(restMs)) return new Array<number>(threads).fill(1);
  const late = WORKER_START_MS + groups * WORKER_MS_PER_GROUP;
  const together = (restMs + workers * WORKER_SPEED * late) / (1 + workers * WORKER_SPEED);
  const worker = Math.max(WORKER_SPEED * (together - late), MIN_WORKER_SHARE * together);
  return [together, ...new Array<number>(workers).fill(worker)];
}
