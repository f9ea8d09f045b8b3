import { INSPECT_CUSTOM, JUPYTER_DISPLAY, type MimeBundle } from './display/display-symbols.js';
import { memoryHtml } from './display/memory-html.js';
import type { DType } from './dtype.js';
import { formatBytes, formatTable } from './format-table.js';
import { JS_ARRAY_COST_METHOD } from './js-array-cost.js';
import { memoryUsage } from './memory-usage.js';
import type { Series } from './series.js';

export interface ColumnInfo {
  readonly name: string;
  readonly dtype: DType;
  readonly nonNull: number;
  readonly nullCount: number;
  /** Own buffers. */
  readonly bytes: number;
  /** Own buffers plus dictionaries (each counted once). */
  readonly deepBytes: number;
  /** The same values as a plain JS array (see `plainJsMethod`). */
  readonly plainJsBytes: number;
  /** Why the column takes these bytes (`downcast from int64 to int8`). */
  readonly decision: string;
}

/** The pandas-like summary `df.info()` returns: rows, dtypes, non-null counts and memory. */
export class FrameInfo {
  readonly plainJsMethod = JS_ARRAY_COST_METHOD;

  constructor(
    readonly numRows: number,
    readonly numChunks: number,
    readonly columns: readonly ColumnInfo[],
  ) {}

  get memory(): { shallow: number; deep: number; plainJs: number } {
    const sum = (f: (c: ColumnInfo) => number): number => this.columns.reduce((n, c) => n + f(c), 0);
    return { shallow: sum((c) => c.bytes), deep: sum((c) => c.deepBytes), plainJs: sum((c) => c.plainJsBytes) };
  }

  toString(): string {
    const m = this.memory;
    const rows = this.columns.map((c, i) => [String(i), c.name, `${c.nonNull} non-null`, c.dtype, formatBytes(c.deepBytes), formatBytes(c.plainJsBytes)]);
    const ratio = m.deep > 0 ? (m.plainJs / m.deep).toFixed(1) : '-';
    return [
      `DataFrame: ${this.numRows} rows, ${this.columns.length} columns, ${this.numChunks} chunk${this.numChunks === 1 ? '' : 's'}`,
      formatTable(['#', 'column', 'non-null', 'dtype', 'memory', 'as JS array'], rows, ['right', 'left', 'right', 'left', 'right', 'right']),
      `dtypes: ${dtypeCounts(this.columns)}`,
      `memory usage: ${formatBytes(m.shallow)} (shallow), ${formatBytes(m.deep)} (deep)`,
      `as plain JS arrays: ${formatBytes(m.plainJs)} (${ratio}x the deep figure; ${this.plainJsMethod})`,
    ].join('\n');
  }

  /** A notebook shows pandas' `info()` as a table, the memory summary, and bytes per column as a chart. */
  [JUPYTER_DISPLAY](): MimeBundle {
    const m = this.memory;
    const caption = `DataFrame: ${this.numRows} rows, ${this.columns.length} columns, ${this.numChunks} chunk${this.numChunks === 1 ? '' : 's'}; memory ${formatBytes(m.deep)} (deep), ${formatBytes(m.shallow)} (shallow); as plain JS arrays ${formatBytes(m.plainJs)}`;
    const columns = this.columns.map((c) => ({ ...c, bytes: c.deepBytes, nonNull: c.nonNull }));
    return { 'text/plain': this.toString(), 'text/html': memoryHtml(columns, caption) };
  }

  [INSPECT_CUSTOM](): string {
    return this.toString();
  }
}

export function frameInfo(series: readonly Series[], numRows: number, numChunks: number): FrameInfo {
  const shallow = memoryUsage(series, false);
  const deep = memoryUsage(series, true);
  const columns = series.map((s, i) => ({
    name: s.name,
    dtype: s.dtype,
    nonNull: s.length - s.nullCount,
    nullCount: s.nullCount,
    bytes: shallow.columns[i].total,
    deepBytes: deep.columns[i].total,
    plainJsBytes: deep.columns[i].plainJsBytes,
    decision: deep.columns[i].decision,
  }));
  return new FrameInfo(numRows, numChunks, columns);
}

function dtypeCounts(columns: readonly ColumnInfo[]): string {
  const counts = new Map<string, number>();
  for (const c of columns) counts.set(c.dtype, (counts.get(c.dtype) ?? 0) + 1);
  return [...counts].map(([d, n]) => `${d}(${n})`).join(', ');
}
