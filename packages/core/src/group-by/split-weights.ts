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
/** The least share of a worker against the calling thread's, for a rest too short to be worth a worker. */
const MIN_WORKER_SHARE = 0.05;

/**
 * Relative sizes of the parts the rest of an input is split into for `threads` threads: the calling thread's
 * (it reads the first part, warm and at once) then each worker's (it starts late and reads slower), such that
 * all finish together if the calling thread alone would read the whole rest in `restMs`. With T the common
 * finish time: the calling thread reads T / restMs of the rest, a worker WORKER_SPEED * (T - WORKER_START_MS)
 * / restMs. On db-benchmark's 1e7 rows (restMs 800 for q1, 2400 for q3) that is 1.4 : 1 and 1.2 : 1; on 1e8 rows 1.14 : 1.
 */
export function splitWeights(threads: number, restMs: number): number[] {
  const workers = threads - 1;
  if (!(restMs > 0) || !Number.isFinite(restMs)) return new Array<number>(threads).fill(1);
  const together = (restMs + workers * WORKER_SPEED * WORKER_START_MS) / (1 + workers * WORKER_SPEED);
  const worker = Math.max(WORKER_SPEED * (together - WORKER_START_MS), MIN_WORKER_SHARE * together);
  return [together, ...new Array<number>(workers).fill(worker)];
}
