import { BoolColumn, CategoricalColumn, Utf8Column } from '../../column.js';
import { utf8Decoder, utf8Encoder } from '../../utf8.js';
import { mapCategorical, newBits, perEntry, scalarString } from '../kernel-support.js';
import { type Operand, Scalar } from '../scalar-function.js';

import { Utf8Writer } from './utf8-writer.js';

/**
 * The loops every string kernel shares. A function is written once, over one row's UTF-8 bytes [s, e); these
 * drivers run it over each row of a utf8 column, or once per dictionary entry of a categorical column (mapping the
 * codes), so the two storages cannot disagree.
 */

/** Writes the result of one row (bytes [s, e) of `b`) to `out`. */
export type ByteTransform = (b: Uint8Array, s: number, e: number, out: Utf8Writer) => void;
/** A property of one row's bytes. */
export type BytePredicate = (b: Uint8Array, s: number, e: number) => boolean;
/** A number computed from one row's bytes. */
export type ByteMeasure = (b: Uint8Array, s: number, e: number) => number;

/** A text operand as a column: a literal (after folding, e.g. `lower('ABC')`) becomes `n` copies. */
export function textOperand(op: Operand, n: number): Utf8Column | CategoricalColumn {
  if (op instanceof Utf8Column || op instanceof CategoricalColumn) return op;
  if (op instanceof Scalar) {
    const bytes = utf8Encoder.encode(scalarString(op));
    const data = new Uint8Array(bytes.length * n);
    const offsets = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) {
      data.set(bytes, i * bytes.length);
      offsets[i + 1] = (i + 1) * bytes.length;
    }
    return new Utf8Column(offsets, data);
  }
  throw new Error(`internal: ${op.dtype} is not a string column`);
}

/** The entry's UTF-8 bytes (categorical paths run per dictionary entry, so one encode each is fine). */
function encoded(s: string): Uint8Array {
  return utf8Encoder.encode(s);
}

/**
 * A string -> string function: per row on utf8, per dictionary entry on categorical (the result stays
 * categorical, one result dictionary per source dictionary and `key`; `key` must name the function and its
 * literal arguments).
 */
export function transformText(op: Operand, n: number, key: string, t: ByteTransform): Utf8Column | CategoricalColumn {
  const c = textOperand(op, n);
  if (c instanceof CategoricalColumn) {
    const scratch = new Utf8Writer(1);
    return mapCategorical(c, key, (s) => {
      const b = encoded(s);
      scratch.reset();
      t(b, 0, b.length, scratch);
      return scratch.text();
    });
  }
  const { offsets, data } = c;
  const out = new Utf8Writer(n, data.length);
  for (let i = 0; i < n; i++) {
    t(data, offsets[i], offsets[i + 1], out);
    out.endRow();
  }
  return out.finish();
}

/** A string -> bool function, packed straight into a bool column's bits. */
export function testText(op: Operand, n: number, key: string, p: BytePredicate): BoolColumn {
  const c = textOperand(op, n);
  const bits = newBits(n);
  if (c instanceof CategoricalColumn) {
    const v = perEntry(c, key, (s) => {
      const b = encoded(s);
      return p(b, 0, b.length) ? 1 : 0;
    });
    for (let i = 0; i < n; i++) if (v[i] !== 0) bits[i >> 3] |= 1 << (i & 7);
  } else {
    const { offsets, data } = c;
    for (let i = 0; i < n; i++) if (p(data, offsets[i], offsets[i + 1])) bits[i >> 3] |= 1 << (i & 7);
  }
  return new BoolColumn(bits, n);
}

/** A string -> number function written into `out` (one value per row; an Int32Array truncates). */
export function measureText<A extends Int32Array | Float64Array>(op: Operand, n: number, key: string, f: ByteMeasure, out: A): A {
  const c = textOperand(op, n);
  if (c instanceof CategoricalColumn) {
    out.set(
      perEntry(c, key, (s) => {
        const b = encoded(s);
        return f(b, 0, b.length);
      }),
    );
  } else {
    const { offsets, data } = c;
    for (let i = 0; i < n; i++) out[i] = f(data, offsets[i], offsets[i + 1]);
  }
  return out;
}

/** The validity of a measured column whose unparsable rows hold NaN (to_date: a day count is never NaN). */
export function validWhereNumber(values: Float64Array): Uint8Array | null {
  const n = values.length;
  let bits: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === v) continue;
    if (bits === null) bits = newBits(n).fill(0xff);
    bits[i >> 3] &= ~(1 << (i & 7));
  }
  return bits;
}

/** A string -> string function that needs the row as a JS string (a regexp): decoded per utf8 row. */
export function transformStrings(op: Operand, n: number, key: string, f: (s: string) => string): Utf8Column | CategoricalColumn {
  const c = textOperand(op, n);
  if (c instanceof CategoricalColumn) return mapCategorical(c, key, f);
  return transformText(c, n, key, (b, s, e, out) => out.string(f(utf8Decoder.decode(b.subarray(s, e)))));
}

/** A string -> bool function that needs the row as a JS string (a regexp): decoded per utf8 row. */
export function testStrings(op: Operand, n: number, key: string, p: (s: string) => boolean): BoolColumn {
  const c = textOperand(op, n);
  const bits = newBits(n);
  if (c instanceof CategoricalColumn) {
    const v = perEntry(c, key, (s) => (p(s) ? 1 : 0));
    for (let i = 0; i < n; i++) if (v[i] !== 0) bits[i >> 3] |= 1 << (i & 7);
  } else {
    const { offsets, data } = c;
    for (let i = 0; i < n; i++) if (p(utf8Decoder.decode(data.subarray(offsets[i], offsets[i + 1])))) bits[i >> 3] |= 1 << (i & 7);
  }
  return new BoolColumn(bits, n);
}

/** The key under which a categorical result is cached: the function and its literal arguments. */
export function entryKey(fn: string, ...literals: readonly (string | number | null)[]): string {
  return JSON.stringify([fn, ...literals]);
}

/** The string of a literal argument (a `literalArgs` position always holds a Scalar). */
export function textLiteral(op: Operand): string {
  if (!(op instanceof Scalar)) throw new Error('internal: expected a literal argument');
  return scalarString(op);
}

/** The integer of a literal argument (bigint literals included). */
export function intLiteral(op: Operand): number {
  if (!(op instanceof Scalar)) throw new Error('internal: expected a literal argument');
  return Number(op.value);
}
