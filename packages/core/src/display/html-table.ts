import { escapeHtml } from './escape-html.js';

export interface HtmlColumn {
  readonly name: string;
  /** Shown under the name, as pandas' `dtypes` would be. */
  readonly dtype?: string;
  /** Right-aligned (numbers, byte counts). */
  readonly numeric?: boolean;
}

export interface HtmlTable {
  readonly columns: readonly HtmlColumn[];
  /** Cell texts; null is a null value, shown apart from any text. */
  readonly rows: readonly (readonly (string | null)[])[];
  /** Row labels (a frame's row numbers), shown first and dimmed. */
  readonly index?: readonly string[];
  /** An ellipsis row goes after this many rows (a long frame's head and tail). */
  readonly ellipsisAfter?: number;
}

/** A table as HTML, every name and value escaped. */
export function htmlTable(table: HtmlTable): string {
  const { columns, rows, index } = table;
  const head = `${index === undefined ? '' : '<th></th>'}${columns.map((c) => `<th${c.numeric === true ? ' class="dfs-num"' : ''}>${escapeHtml(c.name)}${c.dtype === undefined ? '' : `<span class="dfs-dtype">${escapeHtml(c.dtype)}</span>`}</th>`).join('')}`;
  const body: string[] = [];
  rows.forEach((row, r) => {
    if (r === table.ellipsisAfter) body.push(`<tr class="dfs-ellipsis">${index === undefined ? '' : '<td>…</td>'}${columns.map(() => '<td>…</td>').join('')}</tr>`);
    const label = index === undefined ? '' : `<td class="dfs-index dfs-num">${escapeHtml(index[r])}</td>`;
    const cells = row.map((v, j) => {
      const cls = [columns[j].numeric === true ? 'dfs-num' : '', v === null ? 'dfs-null' : ''].filter((c) => c !== '').join(' ');
      return `<td${cls === '' ? '' : ` class="${cls}"`}>${v === null ? 'null' : escapeHtml(v)}</td>`;
    });
    body.push(`<tr>${label}${cells.join('')}</tr>`);
  });
  return `<table class="dfs-t"><thead><tr>${head}</tr></thead><tbody>${body.join('')}</tbody></table>`;
}
