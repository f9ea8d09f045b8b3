export type Align = 'left' | 'right';

/**
 * Lays rows out as an aligned plain-text table with a rule under the header
 * (what `toString()` of frames and reports prints; the CLI reuses it).
 */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[], align?: readonly Align[]): string {
  const cutHeader = header.map(cutCell);
  const cutRows = rows.map((r) => r.map(cutCell));
  const widths = cutHeader.map((h, j) => Math.max(displayWidth(h), ...cutRows.map((r) => displayWidth(r[j] ?? ''))));
  const pad = (s: string, j: number): string => {
    const fill = ' '.repeat(Math.max(0, widths[j] - displayWidth(s)));
    return align?.[j] === 'right' ? fill + s : s + fill;
  };
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, j) => pad(c, j))
      .join('  ')
      .trimEnd();
  const out = [line(cutHeader), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const r of cutRows) out.push(line(r));
  return out.join('\n');
}

/**
 * Terminal columns a cell may take; a longer one is cut with `…`. A 300,000-character column name padded on
 * each of 3,000 rows made a 900 MB string (past V8's longest) for `df-stream schema`.
 */
const MAX_CELL_WIDTH = 120;

function cutCell(s: string): string {
  if (s.length <= MAX_CELL_WIDTH / 2 || displayWidth(s) <= MAX_CELL_WIDTH) return s;
  let width = 0;
  let out = '';
  for (const ch of s) {
    const w = displayWidth(ch);
    if (width + w > MAX_CELL_WIDTH - 1) break;
    out += ch;
    width += w;
  }
  return `${out}…`;
}

/** Columns a string takes in a terminal: wide East Asian characters count twice. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    w +=
      c >= 0x1100 &&
      (c <= 0x115f ||
        (c >= 0x2e80 && c <= 0xa4cf) ||
        (c >= 0xac00 && c <= 0xd7a3) ||
        (c >= 0xf900 && c <= 0xfaff) ||
        (c >= 0xfe30 && c <= 0xfe4f) ||
        (c >= 0xff00 && c <= 0xff60) ||
        (c >= 0xffe0 && c <= 0xffe6) ||
        (c >= 0x1f300 && c <= 0x1faff) ||
        (c >= 0x20000 && c <= 0x3fffd))
        ? 2
        : 1;
  }
  return w;
}

/** Bytes as a human figure: `1.5 MB` (decimal units, as `ls -h --si` and pandas' info do not agree on; we say MB = 10^6). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let u = 0;
  while (Math.abs(v) >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return u === 0 ? `${v} B` : `${v.toFixed(v >= 100 ? 0 : v >= 10 ? 1 : 2)} ${units[u]}`;
}
