import { CategoricalColumn } from './column.js';
import type { Dictionary } from './dictionary.js';
import type { DType } from './dtype.js';
import { formatBytes, formatTable } from './format-table.js';
import type { Series } from './series.js';

export interface ColumnMemory {
  readonly name: string;
  readonly dtype: DType;
  /** Bytes of the column's own buffers: values, codes, offsets, string bytes, validity. */
  readonly bytes: number;
  /** Bytes of dictionaries first seen in this column (0 unless deep). */
  readonly dictionaryBytes: number;
  /** `bytes + dictionaryBytes`. */
  readonly total: number;
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
    return { name: s.name, dtype: s.dtype, bytes, dictionaryBytes, total: bytes + dictionaryBytes };
  });
  return new MemoryUsage(rows, deep);
}
