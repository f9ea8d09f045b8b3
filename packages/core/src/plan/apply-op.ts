import { Chunk } from '../chunk.js';
import type { Column } from '../column.js';
import { BoolColumn } from '../column.js';
import type { DType } from '../dtype.js';
import { DfError } from '../errors/df-error.js';
import { evaluateExpr } from '../expr/evaluate-expr.js';
import { type ExprNode, exprColumns, outputName } from '../expr/expr-node.js';
import { exprText } from '../expr/expr-text.js';
import { resolveExpr } from '../expr/resolve-expr.js';
import { HIDDEN } from '../group-by/lower-aggregation.js';
import { Schema } from '../schema.js';
import { takeColumn } from '../take.js';
import type { PlanOp } from './plan-op.js';

/** An op checked against its input schema: expressions resolved (typed, folded) and the output schema known. */
export interface ResolvedOp {
  readonly op: PlanOp;
  readonly schema: Schema;
}

/** The name of an output expression. */
export function nameOf(node: ExprNode): string {
  return outputName(node, exprText);
}

function typed(dtype: DType | 'null'): DType {
  // A column of only nulls (`lit(null)`) is stored as the narrowest type.
  return dtype === 'null' ? 'int8' : dtype;
}

/** Checks `op` against `input` (unknown columns, type errors: before any data is read) and resolves it. */
export function resolveOp(op: PlanOp, input: Schema): ResolvedOp {
  switch (op.kind) {
    case 'filter': {
      const r = resolveExpr(op.predicate, input);
      // A null predicate keeps nothing, as SQL's WHERE NULL.
      if (r.dtype === 'null') return { op: { kind: 'filter', predicate: { op: 'lit', value: false, dtype: 'bool' } }, schema: input };
      if (r.dtype !== 'bool') {
        throw new DfError('usage', `a filter needs a boolean expression, got ${r.dtype}: ${exprText(op.predicate)}`, { where: { expression: exprText(op.predicate) } });
      }
      return { op: { kind: 'filter', predicate: r.node }, schema: input };
    }
    case 'with_columns':
    case 'select': {
      const resolved = op.exprs.map((e) => ({ name: nameOf(e), r: resolveExpr(e, input) }));
      for (const { name } of resolved) {
        // A group-by's hidden columns must not take the place of a column of the input.
        if (op.kind === 'with_columns' && name.startsWith(HIDDEN) && input.has(name)) {
          throw new DfError('usage', `column names starting with '${HIDDEN}' are reserved: ${name}`, { hint: 'rename the column first' });
        }
      }
      const fields = op.kind === 'select' ? [] : [...input.fields];
      for (const { name, r } of resolved) {
        const f = { name, dtype: typed(r.dtype) };
        const at = fields.findIndex((x) => x.name === name);
        if (at >= 0 && op.kind === 'with_columns') fields[at] = f;
        else if (at >= 0) throw new DfError('usage', `select makes two columns named '${name}'`, { hint: 'rename one with .as()' });
        else fields.push(f);
      }
      const exprs = resolved.map(({ name, r }) => (r.node.op === 'col' && r.node.name === name ? r.node : ({ op: 'alias', arg: unaliased(r.node), name } as const)));
      return { op: { kind: op.kind, exprs }, schema: new Schema(fields) };
    }
    case 'rename': {
      for (const [from] of op.mapping) input.field(from);
      const map = new Map(op.mapping);
      return { op, schema: new Schema(input.fields.map((f) => ({ name: map.get(f.name) ?? f.name, dtype: f.dtype }))) };
    }
    case 'drop': {
      for (const c of op.columns) input.field(c);
      return { op, schema: new Schema(input.fields.filter((f) => !op.columns.includes(f.name))) };
    }
    case 'limit':
      return { op, schema: input };
  }
}

function unaliased(node: ExprNode): ExprNode {
  return node.op === 'alias' ? unaliased(node.arg) : node;
}

/** Runs a resolved op over one chunk (a limit is the caller's: it spans chunks). */
export function applyOp(chunk: Chunk, op: PlanOp): Chunk {
  switch (op.kind) {
    case 'filter':
      return filterRows(chunk, evaluateExpr(op.predicate, chunk));
    case 'with_columns': {
      const fields = [...chunk.schema.fields];
      const columns = [...chunk.columns];
      for (const e of op.exprs) {
        const c = evaluateExpr(e, chunk);
        const name = nameOf(e);
        const at = fields.findIndex((f) => f.name === name);
        if (at >= 0) {
          fields[at] = { name, dtype: c.dtype };
          columns[at] = c;
        } else {
          fields.push({ name, dtype: c.dtype });
          columns.push(c);
        }
      }
      return new Chunk(new Schema(fields), columns);
    }
    case 'select': {
      const columns: Column[] = op.exprs.map((e) => evaluateExpr(e, chunk));
      return new Chunk(new Schema(op.exprs.map((e, i) => ({ name: nameOf(e), dtype: columns[i].dtype }))), columns);
    }
    case 'rename': {
      const map = new Map(op.mapping);
      return new Chunk(new Schema(chunk.schema.fields.map((f) => ({ name: map.get(f.name) ?? f.name, dtype: f.dtype }))), chunk.columns);
    }
    case 'drop':
      return chunk.select(chunk.schema.names.filter((n) => !op.columns.includes(n)));
    case 'limit':
      return chunk;
  }
}

/** Rows where the predicate is true (null counts as false, as SQL's WHERE). */
function filterRows(chunk: Chunk, predicate: Column): Chunk {
  const n = chunk.numRows;
  if (!(predicate instanceof BoolColumn)) throw new DfError('internal', `filter predicate is ${predicate.dtype}`);
  const values = predicate.values;
  const valid = predicate.validity;
  let kept = 0;
  const bytes = (n + 7) >> 3;
  const keep = new Uint8Array(bytes);
  for (let k = 0; k < bytes; k++) {
    let b = values[k] & (valid === null ? 0xff : valid[k]);
    if (k === bytes - 1 && (n & 7) !== 0) b &= (1 << (n & 7)) - 1;
    keep[k] = b;
    kept += POPCOUNT[b];
  }
  if (kept === n) return chunk;
  const indices = new Int32Array(kept);
  for (let i = 0, j = 0; i < n; i++) if ((keep[i >> 3] >> (i & 7)) & 1) indices[j++] = i;
  return new Chunk(
    chunk.schema,
    chunk.columns.map((c) => takeColumn(c, indices)),
  );
}

const POPCOUNT = Uint8Array.from({ length: 256 }, (_, b) => {
  let c = 0;
  for (let x = b; x !== 0; x &= x - 1) c++;
  return c;
});

/**
 * The input columns `op` needs to give the consumer `need` (undefined = every column): projection pushdown,
 * walked from the consumer back to the source.
 */
export function inputColumns(op: PlanOp, need: readonly string[] | undefined): string[] | undefined {
  switch (op.kind) {
    case 'limit':
      return need === undefined ? undefined : [...need];
    case 'filter':
      return need === undefined ? undefined : union(need, exprColumns(op.predicate));
    case 'with_columns': {
      if (need === undefined) return undefined;
      const made = new Map(op.exprs.map((e) => [nameOf(e), e]));
      const out = need.filter((c) => !made.has(c));
      for (const c of need) {
        const e = made.get(c);
        if (e !== undefined) exprColumns(e, out);
      }
      return [...new Set(out)];
    }
    case 'select': {
      const out: string[] = [];
      for (const e of op.exprs) if (need === undefined || need.includes(nameOf(e))) exprColumns(e, out);
      return out;
    }
    case 'rename': {
      if (need === undefined) return undefined;
      const back = new Map(op.mapping.map(([from, to]) => [to, from]));
      return need.map((c) => back.get(c) ?? c);
    }
    case 'drop':
      return need === undefined ? undefined : [...need];
  }
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])];
}

/** One line of `explain()` for an op. */
export function opText(op: PlanOp): string {
  switch (op.kind) {
    case 'filter':
      return `FILTER ${exprText(op.predicate)}`;
    case 'with_columns':
      return `WITH_COLUMNS ${op.exprs.map(namedText).join(', ')}`;
    case 'select':
      return `SELECT ${op.exprs.map(namedText).join(', ')}`;
    case 'rename':
      return `RENAME ${op.mapping.map(([a, b]) => `${a} -> ${b}`).join(', ')}`;
    case 'drop':
      return `DROP ${op.columns.join(', ')}`;
    case 'limit':
      return `LIMIT ${op.n}`;
  }
}

function namedText(e: ExprNode): string {
  const name = nameOf(e);
  const inner = unaliased(e);
  return inner.op === 'col' && inner.name === name ? name : `${exprText(inner)} AS ${name}`;
}

/** `op` without the outputs nobody downstream reads (`need`: the columns wanted after it; undefined = all). */
export function pruneOp(op: PlanOp, need: readonly string[] | undefined): PlanOp {
  if (need === undefined || (op.kind !== 'select' && op.kind !== 'with_columns')) return op;
  return { kind: op.kind, exprs: op.exprs.filter((e) => need.includes(nameOf(e))) };
}
