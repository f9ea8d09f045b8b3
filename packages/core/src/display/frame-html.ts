import type { Value } from '../column.js';
import { type DType, isNumericDType } from '../dtype.js';
import { formatCell } from '../format-value.js';
import { DISPLAY_STYLE } from './display-style.js';
import { escapeHtml } from './escape-html.js';
import { htmlTable } from './html-table.js';

/** Rows a frame shows whole; a longer one shows its first and last `EDGE_ROWS` around an ellipsis row, as pandas does. */
export const MAX_SHOWN_ROWS = 20;
export const EDGE_ROWS = 5;

export interface FrameView {
  readonly names: readonly string[];
  readonly dtypes: readonly DType[];
  readonly numRows: number;
  /** The rows shown: all of them, or the head then the tail (`EDGE_ROWS` each). */
  readonly rows: readonly (readonly Value[])[];
  readonly numChunks: number;
}

/** A frame as pandas shows one in a notebook: row numbers, each dtype under its name, numbers right, nulls apart. */
export function frameHtml(view: FrameView): string {
  const cut = view.numRows > view.rows.length;
  const index = view.rows.map((_, r) => String(cut && r >= EDGE_ROWS ? view.numRows - (view.rows.length - r) : r));
  const table = htmlTable({
    columns: view.names.map((name, j) => ({ name, dtype: view.dtypes[j], numeric: isNumericDType(view.dtypes[j]) })),
    rows: view.rows.map((row) => row.map((v, j) => (v === null ? null : formatCell(v, view.dtypes[j])))),
    index,
    ellipsisAfter: cut ? EDGE_ROWS : undefined,
  });
  const caption = `${view.numRows} rows × ${view.names.length} columns (${view.numChunks} chunk${view.numChunks === 1 ? '' : 's'})`;
  return `${DISPLAY_STYLE}<div class="dfs">${table}<p class="dfs-caption">${escapeHtml(caption)}</p></div>`;
}
