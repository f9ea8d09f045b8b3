import type { ScalarFunction } from '../scalar-function.js';
import { textArg } from './text-args.js';
import { whitespaceAt, whitespaceBefore } from './text-bytes.js';
import { entryKey, transformText } from './text-kernels.js';
import type { Utf8Writer } from './utf8-writer.js';

/**
 * trim(s): whitespace removed from both ends. Whitespace is JS `trim`'s set (ASCII and Unicode spaces, line
 * breaks, BOM), wider than the spaces DuckDB documents for one-argument trim: data with tabs or
 * non-breaking spaces around its keys is what an ETL job trims.
 */
export const TRIM: ScalarFunction = {
  name: 'trim',
  aliases: ['strip'],
  arity: [1, 1],
  type: (args) => textArg('trim', args),
  kernel: (args, n) => transformText(args[0], n, entryKey('trim'), trimRow),
};

function trimRow(b: Uint8Array, s: number, e: number, out: Utf8Writer): void {
  let w: number;
  while (s < e && (w = whitespaceAt(b, s, e)) > 0) s += w;
  while (e > s && (w = whitespaceBefore(b, s, e)) > 0) e -= w;
  out.copy(b, s, e);
}
