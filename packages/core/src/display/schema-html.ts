import type { DType } from '../dtype.js';
import { DISPLAY_STYLE } from './display-style.js';
import { htmlTable } from './html-table.js';

/** Fields as a two-column table (name, dtype), styled. */
export function schemaHtml(fields: readonly { readonly name: string; readonly dtype: DType }[]): string {
  return `${DISPLAY_STYLE}<div class="dfs">${schemaTable(fields)}</div>`;
}

/** Fields as a two-column table (name, dtype). */
export function schemaTable(fields: readonly { readonly name: string; readonly dtype: DType }[]): string {
  return htmlTable({ columns: [{ name: 'column' }, { name: 'dtype' }], rows: fields.map((f) => [f.name, f.dtype]) });
}
