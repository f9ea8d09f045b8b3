import { DfError } from '../errors/df-error.js';

/**
 * Bytes dropped before the governor asks V8 to collect: a full collection takes 5-20 ms, worth it for tens of
 * megabytes, not for a tiny spill of every chunk.
 */
const COLLECT_AFTER_BYTES = 16 * 2 ** 20;

/**
 * One memory budget for a whole job (DuckDB's buffer manager, in spirit): every component that holds memory in
 * proportion to its data — a reader's buffers, a worker thread, group states, a spill in progress — holds a
 * `Reservation` and asks for more before it grows. A refusal is the signal to spill, shrink or use fewer threads;
 * nothing is ever allocated past a refusal. The budget counts what the job adds above the process's `floor`
 * (the RSS when the job started: Node, V8 and the loaded code), so peak RSS should stay under budget + floor.
 *
 * The governor is pure bookkeeping: it knows no OS. The runtime gives it `collectGarbage`, since in JS freed
 * typed arrays leave RSS only when V8 collects them, and a spill frees a lot at once.
 */
export class MemoryGovernor {
  private reservedBytes = 0;
  private peakBytes = 0;
  private spilled = 0;
  private droppedBytes = 0;

  constructor(
    /** Bytes the job may hold above its floor. */
    readonly budget: number,
    /** RSS of the process when the job started (reported beside the budget; not part of it). */
    readonly floor = 0,
    private readonly collect: (() => void) | undefined = undefined,
    /** Whether the user gave the budget (`memoryLimit`), rather than the default fraction of free memory. */
    readonly explicit = true,
  ) {
    if (!(budget > 0)) throw new DfError('usage', `memory budget must be positive, got ${budget}`);
  }

  /** Bytes reserved now, by every reservation. */
  get reserved(): number {
    return this.reservedBytes;
  }

  /** The most ever reserved at once. */
  get peak(): number {
    return this.peakBytes;
  }

  /** Bytes left to reserve. */
  get available(): number {
    return Math.max(0, this.budget - this.reservedBytes);
  }

  /** Bytes spilled to the spill store over the job (as reported by the components that spilled). */
  get spilledBytes(): number {
    return this.spilled;
  }

  /** A reservation of `bytes` (0 by default); throws a usage error when even that does not fit. */
  reserve(what: string, bytes = 0): Reservation {
    const r = new Reservation(this, what);
    if (!r.resize(bytes)) {
      throw new DfError('usage', `the memory budget (${mib(this.budget)}) has no room for ${what} (${mib(bytes)}; ${mib(this.available)} left)`, {
        hint: 'give the job more memory (--memory / memoryLimit) or fewer threads',
      });
    }
    return r;
  }

  /** Counts bytes a component wrote to the spill store. */
  noteSpill(bytes: number): void {
    this.spilled += bytes;
  }

  /**
   * Told that a component dropped `bytes` at once (a spill): once enough has been dropped, the runtime returns it
   * to the OS now rather than at V8's next collection.
   */
  dropped(bytes: number): void {
    this.droppedBytes += bytes;
    if (this.droppedBytes < COLLECT_AFTER_BYTES) return;
    this.droppedBytes = 0;
    this.collect?.();
  }

  /** @internal Moves the reserved total by `delta` if it stays within budget (or `force`); what `Reservation` calls. */
  adjust(delta: number, force: boolean): boolean {
    if (delta > 0 && !force && this.reservedBytes + delta > this.budget) return false;
    this.reservedBytes += delta;
    if (this.reservedBytes > this.peakBytes) this.peakBytes = this.reservedBytes;
    return true;
  }
}

/** Bytes one component holds under a governor's budget. */
export class Reservation {
  private held = 0;
  private released = false;

  constructor(
    private readonly governor: MemoryGovernor,
    readonly what: string,
  ) {}

  /** Bytes held. */
  get bytes(): number {
    return this.held;
  }

  /** Asks to hold `bytes` in all: true when granted; when refused nothing changes and the caller must make room. */
  resize(bytes: number): boolean {
    if (this.released) throw new DfError('internal', `reservation for ${this.what} used after release`);
    if (!this.governor.adjust(bytes - this.held, false)) return false;
    this.held = bytes;
    return true;
  }

  /**
   * Asks to hold `bytes` in all, for data the caller would spill when refused: true when it may keep them, that is
   * when granted, or when it has nowhere to spill (`canSpill` false: the bytes are recorded past the budget).
   */
  keep(bytes: number, canSpill: boolean): boolean {
    if (this.resize(bytes)) return true;
    if (canSpill) return false;
    this.force(bytes);
    return true;
  }

  /** Records `bytes` as held whatever the budget says: memory that already exists (a partial a worker posted). */
  force(bytes: number): void {
    if (this.released) throw new DfError('internal', `reservation for ${this.what} used after release`);
    this.governor.adjust(bytes - this.held, true);
    this.held = bytes;
  }

  /** Gives everything back (idempotent). */
  release(): void {
    if (this.released) return;
    this.governor.adjust(-this.held, true);
    this.held = 0;
    this.released = true;
  }
}

function mib(bytes: number): string {
  return `${Math.round(bytes / 2 ** 20)} MiB`;
}
