import { Chunk, type ExprNode, Schema } from '@df-stream/core';
import { BoolColumn, evaluateExpr } from '@df-stream/core/internal';
import type { BatchContext } from './batch-context.js';
import { type ColumnPlan, CsvColumnParser } from './csv-column-parser.js';

import type { FieldRefs } from './csv-tokenizer.js';
import type { ValueRules } from './value-rules.js';

/**
 * Late materialization for a filter pushed into the scan: the predicate's columns of a tokenized batch are parsed
 * first (by parsers of its own, so the output columns' parsers see only kept rows), the predicate is evaluated,
 * and the other columns parse only the rows it keeps, through field offsets compacted to those rows. A row the
 * predicate drops costs its tokenizing and its predicate fields, nothing else. Null counts as false, as in a filter.
 */
export class CsvRowFilter {
  private readonly parsers: CsvColumnParser[];
  private readonly schema: Schema;
  private kept: Int32Array;
  private readonly compacted = new Map<number, FieldRefs>();
  private rowStarts: Int32Array;

  constructor(
    private readonly predicate: ExprNode,
    plans: readonly ColumnPlan[],
    /** The tokenizer slot of each predicate column, in `plans` order. */
    private readonly slots: readonly number[],
    batchRows: number,
    capOf: (plan: ColumnPlan) => number,
    rules: ValueRules,
  ) {
    this.parsers = plans.map((p) => new CsvColumnParser(p, batchRows, capOf(p), rules));
    // Placeholder dtypes: each batch's chunk takes its columns' own.
    this.schema = new Schema(plans.map((p) => ({ name: p.name, dtype: 'utf8' })));
    this.kept = new Int32Array(batchRows);
    this.rowStarts = new Int32Array(batchRows + 1);
  }

  /** The scan is over: see `CsvColumnParser.release`. */
  release(): void {
    for (const parser of this.parsers) parser.release();
  }

  /**
   * The rows of the batch to keep (their count), with `ctx` pointed at them for the output parsers; -1 when every
   * row is kept (parse as without a filter).
   */
  keep(buf: Uint8Array, fields: (slot: number) => FieldRefs, n: number, ctx: BatchContext): number {
    const row0 = ctx.row0;
    ctx.row0 = 0;
    const columns = this.parsers.map((p, i) => {
      p.parseBatch(buf, fields(this.slots[i]), n, 0, ctx);
      return p.finish(n);
    });
    ctx.row0 = row0;
    const fieldsOf = columns.map((c, i) => ({ name: this.schema.fields[i].name, dtype: c.dtype }));
    const mask = evaluateExpr(this.predicate, new Chunk(new Schema(fieldsOf), columns));
    if (!(mask instanceof BoolColumn)) throw new Error(`internal: pushed-down filter gave ${mask.dtype}`);
    if (this.kept.length < n) this.kept = new Int32Array(n);
    const { values, validity } = mask;
    let count = 0;
    for (let r = 0; r < n; r++) {
      const on = (values[r >> 3] >> (r & 7)) & 1 & (validity === null ? 1 : (validity[r >> 3] >> (r & 7)) & 1);
      if (on === 1) this.kept[count++] = r;
    }
    if (count === n) return -1;
    // Error messages of the output parsers name lines through the row starts: give them the kept rows'.
    if (this.rowStarts.length < count + 1) this.rowStarts = new Int32Array(count + 1);
    for (let j = 0; j < count; j++) this.rowStarts[j] = ctx.rowStarts[this.kept[j]];
    this.rowStarts[count] = ctx.rowStarts[n];
    ctx.rowStarts = this.rowStarts;
    return count;
  }

  /** The fields of `slot` for the kept rows only (call after `keep` returned a count). */
  compact(slot: number, fields: FieldRefs, count: number): FieldRefs {
    let out = this.compacted.get(slot);
    if (out === undefined || out.starts.length < count) {
      out = {
        starts: new Int32Array(Math.max(count, this.kept.length)),
        ends: new Int32Array(Math.max(count, this.kept.length)),
        startAt: 0,
        endAt: 0,
        stride: 1,
        startAdd: 0,
      };
      this.compacted.set(slot, out);
    }
    const { starts, ends, startAt, endAt, stride, startAdd } = fields;
    const kept = this.kept;
    for (let j = 0; j < count; j++) {
      const r = kept[j];
      out.starts[j] = starts[startAt + r * stride] + startAdd;
      out.ends[j] = ends[endAt + r * stride];
    }
    return out;
  }
}
