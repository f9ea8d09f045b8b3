import { SeededRandom } from '@df-stream/test-utils';
import { expect } from 'vitest';
import { Chunk } from '../../src/chunk.js';
import { CategoricalColumn, type Column, codeArrayFor, Utf8Column, type Value } from '../../src/column.js';
import { Dictionary } from '../../src/dictionary.js';
import { evaluateExpr } from '../../src/expr/evaluate-expr.js';
import { callNode, colNode, type ExprNode, litNode } from '../../src/expr/expr-node.js';
import { resolveExpr } from '../../src/expr/resolve-expr.js';
import { newBits, utf8FromStrings } from '../../src/functions/kernel-support.js';

/** What the string and date function tests share: seeded rows, columns of both string storages, evaluation through the checker. */

export type Rows = readonly (string | null)[];

/** A seeded generator (test-utils' mulberry32), so that a failing row can be replayed. */
export function random(seed: number): () => number {
  const rnd = new SeededRandom(seed);
  return () => rnd.next();
}

function validityOf(rows: Rows): Uint8Array | null {
  if (!rows.includes(null)) return null;
  const bits = newBits(rows.length);
  rows.forEach((r, i) => {
    if (r !== null) bits[i >> 3] |= 1 << (i & 7);
  });
  return bits;
}

export function utf8Of(rows: Rows): Utf8Column {
  return utf8FromStrings(
    rows.map((r) => r ?? ''),
    validityOf(rows),
  );
}

/** A categorical chunk over `dictionary`, which it grows, as a reader's later chunk does. */
export function categoricalOf(rows: Rows, dictionary: Dictionary): CategoricalColumn {
  const ids = rows.map((r) => (r === null ? 0 : dictionary.intern(r)));
  const codes = codeArrayFor(dictionary.size, rows.length);
  ids.forEach((id, i) => (codes[i] = id));
  return new CategoricalColumn(codes, dictionary, validityOf(rows));
}

/** fn(s, ...literals) over a one-column chunk, through the type checker and the evaluator (which propagates nulls). */
export function evalCall(fn: string, column: Column, ...literals: readonly Value[]): Column {
  return evalOver(callNode(fn, colNode('s'), ...literals.map((v) => litNode(v))), column);
}

/** An expression over a one-column chunk (the column is `s`), checked and evaluated. */
export function evalOver(expr: ExprNode, column: Column): Column {
  const chunk = Chunk.of({ s: column });
  return evaluateExpr(resolveExpr(expr, chunk.schema).node, chunk);
}

/** Keeps a leading U+FEFF, which `Column.get` (core's shared decoder) drops: rows here start with one. */
const exactDecoder = new TextDecoder('utf-8', { ignoreBOM: true });

export function values(c: Column): Value[] {
  if (c instanceof Utf8Column) return Array.from({ length: c.length }, (_, i) => (c.isValid(i) ? exactDecoder.decode(c.bytesAt(i)) : null));
  return Array.from({ length: c.length }, (_, i) => c.get(i));
}

/**
 * fn over `rows` as utf8, and as categorical in two chunks whose dictionary grows in between, against a plain JS
 * reference; a string result of a categorical input must stay categorical with one dictionary for both chunks.
 */
export function checkFunction(rows: Rows, fn: string, literals: readonly Value[], reference: (s: string) => Value): void {
  const expected = rows.map((r) => (r === null ? null : reference(r)));
  const utf8 = evalCall(fn, utf8Of(rows), ...literals);
  expect(values(utf8)).toEqual(expected);
  const dictionary = new Dictionary();
  const half = rows.length >> 1;
  const first = evalCall(fn, categoricalOf(rows.slice(0, half), dictionary), ...literals);
  const second = evalCall(fn, categoricalOf(rows.slice(half), dictionary), ...literals);
  expect([...values(first), ...values(second)]).toEqual(expected);
  if (utf8.dtype === 'utf8') {
    expect(first).toBeInstanceOf(CategoricalColumn);
    expect(second).toBeInstanceOf(CategoricalColumn);
    expect((first as CategoricalColumn).dictionary).toBe((second as CategoricalColumn).dictionary);
  } else expect(first.dtype).toBe(utf8.dtype);
}
