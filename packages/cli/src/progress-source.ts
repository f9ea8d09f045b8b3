import { type Chunk, LazyFrame, type ProgressEvent, type ScanOptions, type ScanSource } from '@df-stream/core';
import { currentRuntime } from '@df-stream/core/internal';

/**
 * The input of an operator that reports no progress of its own (sort, dedup), counting the rows it gives and
 * reporting them with the bytes read, at most every `intervalMs`: the same events `agg` shows.
 */
export function withProgress(input: LazyFrame, onProgress: (e: ProgressEvent) => void, intervalMs = 200): LazyFrame {
  const started = performance.now();
  const source: ScanSource = {
    description: input.description,
    schema: () => input.schema(),
    progress: () => input.progress(),
    explainLines: () => input.explainLines(),
    async *scan(options?: ScanOptions): AsyncGenerator<Chunk> {
      let rows = 0;
      let last = 0;
      const report = (force: boolean): void => {
        const now = performance.now();
        if (!force && now - last < intervalMs) return;
        last = now;
        const p = input.progress();
        onProgress({
          rows,
          groups: 0,
          bytesRead: p.bytesRead,
          totalBytes: p.totalBytes,
          stateBytes: 0,
          rss: currentRuntime().rss?.() ?? 0,
          elapsedMs: now - started,
          spills: 0,
        });
      };
      for await (const chunk of input.scan(options)) {
        rows += chunk.numRows;
        report(false);
        yield chunk;
      }
      report(true);
    },
  };
  return LazyFrame.fromSource(source);
}

export type ProgressFlag = 'bar' | 'json' | 'none';

/** `--progress`, else a bar on a terminal; `-q` wins. */
export function progressModeOf(args: { quiet?: boolean; progress?: ProgressFlag }): ProgressFlag {
  return args.quiet === true ? 'none' : (args.progress ?? (process.stderr.isTTY ? 'bar' : 'none'));
}
