import { formatBytes, type ProgressEvent } from '@df-stream/core';

export type ProgressMode = 'bar' | 'json' | 'none';

/** Turns progress events into a one-line bar on a terminal, or NDJSON lines for scripts. */
export class ProgressReporter {
  private drawn = false;
  private last: ProgressEvent | undefined;

  constructor(
    private readonly mode: ProgressMode,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  readonly onProgress = (e: ProgressEvent): void => {
    this.last = e;
    if (this.mode === 'json') {
      this.stream.write(`${JSON.stringify({ type: 'progress', ...e, elapsedMs: Math.round(e.elapsedMs) })}\n`);
      return;
    }
    if (this.mode !== 'bar') return;
    const secs = e.elapsedMs / 1000;
    const rate = secs > 0 ? e.rows / secs : 0;
    const frac = e.totalBytes ? Math.min(1, e.bytesRead / e.totalBytes) : undefined;
    const width = 24;
    const bar = frac === undefined ? '' : `[${'#'.repeat(Math.round(frac * width)).padEnd(width, '-')}] ${(frac * 100).toFixed(0).padStart(3)}% `;
    const eta = frac !== undefined && frac > 0 ? ` ETA ${Math.max(0, secs / frac - secs).toFixed(0)}s` : '';
    const bytes = e.totalBytes ? `${formatBytes(e.bytesRead)}/${formatBytes(e.totalBytes)}` : formatBytes(e.bytesRead);
    // A cluster job (agg --cluster) also counts finished splits.
    const cluster = e as ProgressEvent & { splitsDone?: number; splitsTotal?: number };
    const splits = cluster.splitsTotal === undefined ? '' : `splits ${cluster.splitsDone ?? 0}/${cluster.splitsTotal} `;
    const line = `${bar}${splits}${bytes} ${formatCount(e.rows)} rows ${formatCount(rate)} rows/s ${e.groups} groups mem ${formatBytes(e.rss)}${eta}`;
    this.stream.write(`\r${line}\u001b[K`);
    this.drawn = true;
  };

  /**
   * Clears the bar so the result starts on a clean line, and after a job with a memory budget leaves a summary
   * in its place: time, rows, groups, peak RSS against the budget and the runtime's floor, bytes spilled.
   */
  done(): void {
    if (this.drawn) this.stream.write('\r\u001b[K');
    if (this.drawn && this.last !== undefined) {
      const summary = memorySummary(this.last);
      if (summary !== undefined) this.stream.write(`${summary}\n`);
    }
    this.drawn = false;
  }
}

/** `done in 12.3 s: 10.0M rows, 1.0M groups; peak RSS 301 MB (floor 67 MB + budget 256 MB); spilled 420 MB`. */
export function memorySummary(e: ProgressEvent): string | undefined {
  if (e.budget === undefined || e.peakRss === undefined) return undefined;
  const floor = e.floor === undefined ? '' : `floor ${formatBytes(e.floor)} + `;
  const spilled = e.spilledBytes ? `; spilled ${formatBytes(e.spilledBytes)}` : '';
  const time = `${(e.elapsedMs / 1000).toFixed(1)} s`;
  // A join makes no groups: its line gives the rows it read.
  const groups = e.groups > 0 ? `, ${formatCount(e.groups)} groups` : '';
  return `done in ${time}: ${formatCount(e.rows)} rows${groups}; peak RSS ${formatBytes(e.peakRss)} (${floor}budget ${formatBytes(e.budget)})${spilled}`;
}

function formatCount(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)}G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return String(Math.round(n));
}
