import type { BudgetEvent } from './suite-result.js';

/**
 * The budget fields of the last `{"type":"progress",...}` line df-stream's CLI wrote to stderr with
 * `--progress json`, or undefined when there is none (an older build, a run without a budget). The runner keeps
 * only the tail of stderr, so the first line there may be cut; the last event, written at the end, is whole.
 */
export function lastBudgetEvent(stderr: string): BudgetEvent | undefined {
  const lines = stderr.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i].trim();
    if (!line.startsWith('{')) continue;
    let event: unknown;
    try {
      event = JSON.parse(line);
    } catch {
      continue;
    }
    if (!isRecord(event) || event.type !== 'progress') continue;
    const { budget, floor, peakRss, spilledBytes } = event;
    if (typeof budget !== 'number' || typeof floor !== 'number' || typeof peakRss !== 'number') return undefined;
    return { budget, floor, peakRss, spilledBytes: typeof spilledBytes === 'number' ? spilledBytes : 0 };
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
