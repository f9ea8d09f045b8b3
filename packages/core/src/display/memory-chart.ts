import { formatBytes } from '../format-table.js';
import { escapeHtml } from './escape-html.js';

export interface ChartColumn {
  readonly name: string;
  readonly dtype: string;
  /** The storage decision behind the bytes ("downcast from int64 to int8", "categorical: 16 values"). */
  readonly decision: string;
  /** Bytes in df-stream's columns (buffers and dictionaries). */
  readonly bytes: number;
  /** The same values as a plain JS array. */
  readonly plainJsBytes: number;
}

const OURS = '#1a9e77';
const PLAIN = '#8c8c8c';
const ROW = 42;
const LABEL = 300;
const BARS = 360;
const TAIL = 150;

/**
 * Bytes per column as an inline SVG bar chart: df-stream's columns beside the same data as plain JS arrays, on one
 * linear scale, each labelled with the dtype and the decision behind it. Text takes the page's colour, so the
 * chart reads in light and dark themes; no charting library (two rectangles and three texts a column).
 */
export function memoryChart(columns: readonly ChartColumn[]): string {
  const max = Math.max(1, ...columns.flatMap((c) => [c.bytes, c.plainJsBytes]));
  const width = LABEL + BARS + TAIL;
  const height = 28 + columns.length * ROW;
  const bar = (bytes: number) => (bytes <= 0 ? 0 : Math.max(1, (bytes / max) * BARS));
  const rows = columns.map((c, i) => {
    const y = 28 + i * ROW;
    const ours = bar(c.bytes);
    const plain = bar(c.plainJsBytes);
    const ratio = savingText(c.bytes, c.plainJsBytes);
    return [
      `<text x="0" y="${y + 13}" font-weight="bold">${escapeHtml(c.name)}</text>`,
      `<text x="0" y="${y + 29}" opacity="0.7">${escapeHtml(chartLabel(c).slice(0, 45))}</text>`,
      `<rect x="${LABEL}" y="${y + 3}" width="${ours.toFixed(1)}" height="13" fill="${OURS}"><title>${escapeHtml(`${c.name}: ${c.bytes} bytes in df-stream`)}</title></rect>`,
      `<text x="${LABEL + ours + 6}" y="${y + 14}">${formatBytes(c.bytes)}${ratio}</text>`,
      `<rect x="${LABEL}" y="${y + 19}" width="${plain.toFixed(1)}" height="13" fill="${PLAIN}"><title>${escapeHtml(`${c.name}: ${c.plainJsBytes} bytes as a plain JS array`)}</title></rect>`,
      `<text x="${LABEL + plain + 6}" y="${y + 30}" opacity="0.7">${formatBytes(c.plainJsBytes)}</text>`,
    ].join('');
  });
  const legend = `<rect x="${LABEL}" y="4" width="12" height="12" fill="${OURS}"/><text x="${LABEL + 18}" y="14">df-stream</text><rect x="${LABEL + 100}" y="4" width="12" height="12" fill="${PLAIN}"/><text x="${LABEL + 118}" y="14">plain JS arrays</text>`;
  return `<svg class="dfs-chart" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="ui-monospace,Menlo,monospace" font-size="11" fill="currentColor" role="img" aria-label="memory per column: df-stream against plain JS arrays">${legend}${rows.join('')}</svg>`;
}

/** The dtype and the decision, once: `int8: downcast from int64` reads twice as `int8: downcast from int64 to int8`. */
function chartLabel(c: ChartColumn): string {
  return c.decision.includes(c.dtype) ? c.decision : `${c.dtype}: ${c.decision}`;
}

/** ` (28.3x less)`, ` (2.0x more)`, or nothing when the two are within 5%. */
export function savingText(bytes: number, plainJsBytes: number): string {
  if (bytes <= 0 || plainJsBytes <= 0) return '';
  const r = plainJsBytes / bytes;
  if (r >= 1.05) return ` (${r.toFixed(1)}x less)`;
  return r <= 0.95 ? ` (${(1 / r).toFixed(1)}x more)` : '';
}
