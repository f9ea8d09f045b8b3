import { CategoricalColumn } from './column.js';
import type { Dictionary } from './dictionary.js';
import { INSPECT_CUSTOM, JUPYTER_DISPLAY, type MimeBundle } from './display/display-symbols.js';
import { memoryHtml } from './display/memory-html.js';
import type { DType } from './dtype.js';
import { formatBytes, formatTable } from './format-table.js';
import { jsArrayBytes } from './js-array-cost.js';
import type { Series } from './series.js';
import { storageDecision } from './storage-decision.js';

export interface ColumnMemory {
  readonly name: string;
  readonly dtype: DType;
  /** Bytes of the column's own buffers: values, codes, offsets, string bytes, validity. */
  readonly bytes: number;
  /** Bytes of dictionaries first seen in this column (0 unless deep). */
  readonly dictionaryBytes: number;
  /** `bytes + dictionaryBytes`. */
  readonly total: number;
  /** The same values as a plain JS array (see `JS_ARRAY_COST_METHOD`). */
  readonly plainJsBytes: number;
  /** Why the column takes these bytes (`downcast from int64 to int8`). */
  readonly decision: string;
}

/** Exact memory held by a frame's buffers, per column and in total (pandas' `memory_usage`). */
export class MemoryUsage {
  constructor(
    readonly columns: readonly ColumnMemory[],
    readonly deep: boolean,
  ) {}

  get total(): number {
    return this.columns.reduce((n, c) => n + c.total, 0);
  }

  column(name: string): ColumnMemory | undefined {
    return this.columns.find((c) => c.name === name);
  }

  toString(): string {
    const rows = this.columns.map((c) => [c.name, c.dtype, String(c.bytes), String(c.dictionaryBytes), String(c.total), formatBytes(c.total)]);
    rows.push(['total', '', '', '', String(this.total), formatBytes(this.total)]);
    return formatTable(['column', 'dtype', 'buffers', 'dictionary', 'bytes', ''], rows, ['left', 'left', 'right', 'right', 'right', 'right']);
  }

  /** A notebook shows the table, each column's decision and bytes against plain JS arrays, and the same as a chart. */
  [JUPYTER_DISPLAY](): MimeBundle {
    // Deep figures count each column's dictionaries too: the bars and savings use the total the caption sums.
    const columns = this.columns.map((c) => ({ ...c, bytes: c.total }));
    return { 'text/plain': this.toString(), 'text/html': memoryHtml(columns, `memory usage (${this.deep ? 'deep' : 'shallow'}): ${formatBytes(this.total)}`) };
  }

  [INSPECT_CUSTOM](): string {
    return this.toString();
  }
}

/**
 * Shallow counts each column's own buffers; deep adds the dictionaries they point at, each dictionary
 * counted once however many chunks (or columns) share it.
 */
export function memoryUsage(series: readonly Series[], deep: boolean): MemoryUsage {
  const seen = new Set<Dictionary>();
  const rows = series.map((s) => {
    const bytes = s.byteLength;
    let dictionaryBytes = 0;
    if (deep) {
      for (const c of s.chunks) {
        if (c instanceof CategoricalColumn && !seen.has(c.dictionary)) {
          seen.add(c.dictionary);
          dictionaryBytes += c.dictionary.byteLength;
        }
      }
    }
    const plainJsBytes = jsArrayBytes(s.chunks);
    return { name: s.name, dtype: s.dtype, bytes, dictionaryBytes, total: bytes + dictionaryBytes, plainJsBytes, decision: storageDecision(s.dtype, s.chunks) };
  });
  return new MemoryUsage(rows, deep);
}
