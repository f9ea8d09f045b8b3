import { formatBytes } from '../format-table.js';
import { DISPLAY_STYLE } from './display-style.js';
import { escapeHtml } from './escape-html.js';
import { htmlTable } from './html-table.js';
import { type ChartColumn, memoryChart } from './memory-chart.js';

/** Per column: its bytes against plain JS arrays and why, as a table and a chart (`memoryUsage()` and `info()`). */
export function memoryHtml(columns: readonly (ChartColumn & { readonly nonNull?: number })[], caption: string): string {
  const withNonNull = columns.some((c) => c.nonNull !== undefined);
  const table = htmlTable({
    columns: [
      { name: 'column' },
      { name: 'dtype' },
      ...(withNonNull ? [{ name: 'non-null', numeric: true }] : []),
      { name: 'storage' },
      { name: 'bytes', numeric: true },
      { name: 'as JS array', numeric: true },
      { name: 'saving', numeric: true },
    ],
    rows: columns.map((c) => [
      c.name,
      c.dtype,
      ...(withNonNull ? [String(c.nonNull ?? '')] : []),
      c.decision,
      formatBytes(c.bytes),
      formatBytes(c.plainJsBytes),
      c.bytes > 0 ? `${(c.plainJsBytes / c.bytes).toFixed(1)}x` : '',
    ]),
  });
  return `${DISPLAY_STYLE}<div class="dfs"><p class="dfs-caption">${escapeHtml(caption)}</p>${table}${memoryChart(columns)}</div>`;
}
