/**
 * The styles of every df-stream HTML output, scoped under `div.dfs`: colours come from the page (`currentColor` with
 * transparency), so the same output reads in light and dark notebook themes; only the bars have their own colours,
 * chosen to read on both. Selectors name `div.dfs table.dfs-t` so that they win over JupyterLab's own table rules
 * (`:not(.jp-RenderedMarkdown).jp-RenderedHTMLCommon td`, which right-aligns every cell).
 */
export const DISPLAY_STYLE = `<style>
div.dfs{font-family:var(--jp-code-font-family,ui-monospace,SFMono-Regular,Menlo,monospace);font-size:12px;line-height:1.4}
div.dfs table.dfs-t{border-collapse:collapse;margin:4px 0;border:none}
div.dfs table.dfs-t th,div.dfs table.dfs-t td{padding:2px 10px;border:none;border-bottom:1px solid color-mix(in srgb,currentColor 18%,transparent);white-space:pre;text-align:left;background:none;color:inherit}
div.dfs table.dfs-t tr{background:transparent}
div.dfs table.dfs-t tbody tr:nth-child(odd){background:color-mix(in srgb,currentColor 5%,transparent)}
div.dfs table.dfs-t thead th{border-bottom:1px solid color-mix(in srgb,currentColor 55%,transparent);vertical-align:bottom}
div.dfs table.dfs-t .dfs-num{text-align:right;font-variant-numeric:tabular-nums}
div.dfs .dfs-dtype{display:block;font-weight:normal;font-size:11px;opacity:.6}
div.dfs table.dfs-t .dfs-null{font-style:italic;opacity:.45}
div.dfs table.dfs-t tr.dfs-ellipsis td{text-align:center;opacity:.6}
div.dfs table.dfs-t .dfs-index{opacity:.55}
div.dfs .dfs-caption{opacity:.75;margin:2px 0}
div.dfs pre{margin:4px 0;background:none;color:inherit}
</style>`;
