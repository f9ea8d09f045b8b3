import type { DType } from '../dtype.js';
import { DISPLAY_STYLE } from './display-style.js';
import { escapeHtml } from './escape-html.js';
import { schemaTable } from './schema-html.js';

/** A lazy plan (`explain()`) and the schema it will produce, side by side in the notebook's flow. */
export function lazyFrameHtml(plan: string, fields: readonly { readonly name: string; readonly dtype: DType }[]): string {
  const schema = schemaTable(fields);
  return `${DISPLAY_STYLE}<div class="dfs"><p class="dfs-caption">LazyFrame: nothing read yet. Plan (result first):</p><pre>${escapeHtml(plan)}</pre><p class="dfs-caption">schema</p>${schema}</div>`;
}
