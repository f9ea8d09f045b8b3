import { DataFrame } from './data-frame.js';
import { LazyFrame } from './lazy-frame.js';
import { ConcatSource } from './union/concat-source.js';
import type { ConcatHow } from './union/union-schema.js';

export interface ConcatOptions {
  /**
   * `vertical` (default): every input has the same column names, in any order (matched by name).
   * `diagonal`: the union of the columns, null where an input lacks one (Polars' `diagonal_relaxed`).
   * Either way a column's dtype is the supertype of its inputs' (ints widen, int with float is float64, else utf8).
   */
  readonly how?: ConcatHow;
}

/** The rows of several frames, one after another, as one lazy frame: `concat([a, b], { how: 'diagonal' })`. */
export function concat(frames: readonly (LazyFrame | DataFrame)[], options: ConcatOptions = {}): LazyFrame {
  const lazy = frames.map((f) => (f instanceof DataFrame ? LazyFrame.fromFrame(f) : f));
  return LazyFrame.fromSource(new ConcatSource(lazy, options.how ?? 'vertical'));
}
