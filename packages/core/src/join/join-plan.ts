import { type DType, isStringDType, supertype } from '../dtype.js';
import { DfError } from '../errors/df-error.js';
import { Expr } from '../expr/expr.js';
import type { ExprNode } from '../expr/expr-node.js';
import { exprText } from '../expr/expr-text.js';
import { inputColumns, type ResolvedOp, resolveOp } from '../plan/apply-op.js';
import { quoteName } from '../quote-name.js';
import { type Field, Schema } from '../schema.js';
import { JOIN_HOWS, type JoinHow, type JoinKeyInput, type JoinOptions } from './join-options.js';

export type JoinSide = 'left' | 'right';

/** One output column: a column of one side, or (USING keys of right and full joins) the coalesce of both keys. */
export interface OutputColumn {
  readonly name: string;
  readonly dtype: DType;
  readonly side: JoinSide | 'coalesce';
  /** The column in its side's prepared input; for 'coalesce', the left key. */
  readonly column: string;
  /** For 'coalesce': the right key. */
  readonly right?: string;
}

/** What one side gives the join: an optional step computing expression keys, then columns by name. */
export interface JoinInputPlan {
  /** A with_columns step that computes expression keys as hidden columns (resolved), if any key is an expression. */
  readonly pre: ResolvedOp | undefined;
  /** The key columns of the prepared input, pairwise with the other side's. */
  readonly keys: readonly string[];
  readonly schema: Schema;
}

/** A join resolved against both input schemas: keys, dtype checks, output names and dtypes. */
export interface JoinPlan {
  readonly how: JoinHow;
  readonly left: JoinInputPlan;
  readonly right: JoinInputPlan;
  readonly output: readonly OutputColumn[];
  readonly schema: Schema;
  /** `LEFT ON a = b AND c = d` or `INNER USING (id)`, for `explain()`. */
  readonly text: string;
}

/** Hidden names of expression keys: no user column starts with a NUL. */
const HIDDEN = '\u0000join_key_';

/**
 * Checks the options against both schemas and names the output columns. The rule (also in the README):
 * left columns in their order, then the right side's columns, a right name that a left column has getting the
 * suffix. With `on` (USING) each key appears once, as the left's column; for right and full joins it is the
 * coalesce of both sides' keys. With `leftOn`/`rightOn` (ON) the left keys are kept as left columns; the right
 * key columns are kept for right and full joins and dropped for inner and left joins (equal to the left keys
 * there, as Polars coalesces them). Semi and anti joins give the left columns only. Expression keys are
 * computed for the match and not output.
 */
export function resolveJoinPlan(leftSchema: Schema, rightSchema: Schema, options: JoinOptions): JoinPlan {
  const how = options.how ?? 'inner';
  if (!JOIN_HOWS.includes(how)) {
    throw new DfError('usage', `unknown join type '${String(how)}'`, { hint: `use one of ${JOIN_HOWS.join(', ')}` });
  }
  const suffix = options.suffix ?? '_right';
  const using = options.on !== undefined;
  if (using && (options.leftOn !== undefined || options.rightOn !== undefined)) {
    throw new DfError('usage', 'join takes either on or leftOn/rightOn, not both');
  }
  const leftIn = using ? listOf(options.on as string | readonly string[]) : listOf(options.leftOn);
  const rightIn = using ? leftIn : listOf(options.rightOn);
  if (leftIn.length === 0 || rightIn.length === 0) {
    throw new DfError('usage', 'join needs keys', { hint: "give on: 'key' (the same name on both sides) or leftOn and rightOn" });
  }
  if (leftIn.length !== rightIn.length) {
    throw new DfError('usage', `join has ${leftIn.length} left keys but ${rightIn.length} right keys`, { hint: 'leftOn and rightOn pair up one to one' });
  }
  const left = inputPlan(leftSchema, leftIn, 'l');
  const right = inputPlan(rightSchema, rightIn, 'r');
  left.keys.forEach((k, i) => checkKeyPair(left.schema.field(k), right.schema.field(right.keys[i]), leftIn[i], rightIn[i]));

  const output: OutputColumn[] = [];
  for (const f of leftSchema.fields) {
    const k = using ? left.keys.indexOf(f.name) : -1;
    if (k >= 0 && (how === 'right' || how === 'full')) {
      const r = right.schema.field(right.keys[k]);
      output.push({ name: f.name, dtype: f.dtype === r.dtype ? f.dtype : supertype(f.dtype, r.dtype), side: 'coalesce', column: f.name, right: r.name });
    } else output.push({ name: f.name, dtype: f.dtype, side: 'left', column: f.name });
  }
  if (how !== 'semi' && how !== 'anti') {
    const taken = new Set(output.map((o) => o.name));
    const rightKeySet = new Set(right.keys);
    const dropKeys = using || how === 'inner' || how === 'left';
    for (const f of rightSchema.fields) {
      if (dropKeys && rightKeySet.has(f.name)) continue;
      const name = taken.has(f.name) ? f.name + suffix : f.name;
      if (taken.has(name)) {
        throw new DfError('usage', `join output would have two columns named '${name}'`, { hint: 'pick another suffix, or rename a column first' });
      }
      taken.add(name);
      output.push({ name, dtype: f.dtype, side: 'right', column: f.name });
    }
  }
  return { how, left, right, output, schema: new Schema(output.map((o) => ({ name: o.name, dtype: o.dtype }))), text: joinText(options) };
}

/** `LEFT ON a = b AND c = d`, `INNER USING (id)`: the join as `explain()` prints it (no schema needed). */
export function joinText(options: JoinOptions): string {
  const how = (options.how ?? 'inner').toUpperCase();
  if (options.on !== undefined) return `${how} USING (${listOf(options.on).map(planText).join(', ')})`;
  const l = listOf(options.leftOn);
  const r = listOf(options.rightOn);
  return `${how} ON ${l.map((k, i) => `${planText(k)} = ${r[i] === undefined ? '?' : planText(r[i])}`).join(' AND ')}`;
}

/** The plan giving only `columns` (all when undefined), in plan order. */
export function pruneJoinPlan(plan: JoinPlan, columns: readonly string[] | undefined): JoinPlan {
  if (columns === undefined) return plan;
  const want = new Set(columns);
  const output = plan.output.filter((o) => want.has(o.name));
  return { ...plan, output, schema: new Schema(output.map((o) => ({ name: o.name, dtype: o.dtype }))) };
}

/** Columns of a side's prepared input the join reads: its keys and its output columns. */
export function preparedColumns(plan: JoinPlan, side: JoinSide): string[] {
  const input = side === 'left' ? plan.left : plan.right;
  const out = new Set(input.keys);
  for (const o of plan.output) {
    if (o.side === side) out.add(o.column);
    else if (o.side === 'coalesce') out.add(side === 'left' ? o.column : (o.right as string));
  }
  // In schema order, so that a prepared chunk and its selection agree.
  return input.schema.names.filter((n) => out.has(n));
}

/** Columns to ask a side's source for: the prepared columns, or what its key step reads to make them. */
export function sourceColumns(plan: JoinPlan, side: JoinSide): string[] | undefined {
  const input = side === 'left' ? plan.left : plan.right;
  const need = preparedColumns(plan, side);
  return input.pre === undefined ? need : inputColumns(input.pre.op, need);
}

function inputPlan(schema: Schema, keys: readonly JoinKeyInput[], tag: string): JoinInputPlan {
  const names: string[] = [];
  const computed: ExprNode[] = [];
  keys.forEach((k, i) => {
    const node: ExprNode = typeof k === 'string' ? { op: 'col', name: k } : k.node;
    if (node.op === 'col') {
      schema.field(node.name);
      names.push(node.name);
      return;
    }
    const name = `${HIDDEN}${tag}${i}`;
    computed.push({ op: 'alias', name, arg: node });
    names.push(name);
  });
  if (computed.length === 0) return { pre: undefined, keys: names, schema };
  const pre = resolveOp({ kind: 'with_columns', exprs: computed }, schema);
  return { pre, keys: names, schema: pre.schema };
}

type KeyClass = 'number' | 'string' | 'bool' | 'date' | 'timestamp';

function keyClass(dtype: DType): KeyClass {
  if (isStringDType(dtype)) return 'string';
  if (dtype === 'bool' || dtype === 'date' || dtype === 'timestamp') return dtype;
  return 'number';
}

function checkKeyPair(l: Field, r: Field, lIn: JoinKeyInput, rIn: JoinKeyInput): void {
  if (keyClass(l.dtype) === keyClass(r.dtype)) return;
  throw new DfError('usage', `join keys cannot match: left ${keyText(lIn)} is ${l.dtype}, right ${keyText(rIn)} is ${r.dtype}`, {
    hint: 'cast one side first, e.g. col(...).cast(...), so both keys are numbers, strings, dates, timestamps or booleans',
  });
}

/** A key as a message names it: a quoted column name or the expression. */
function keyText(k: JoinKeyInput): string {
  return typeof k === 'string' ? quoteName(k) : exprText(k.node);
}

/** A key as `explain()` prints it. */
function planText(k: JoinKeyInput): string {
  return exprText(typeof k === 'string' ? { op: 'col', name: k } : k.node);
}

function listOf(x: JoinKeyInput | readonly JoinKeyInput[] | undefined): JoinKeyInput[] {
  if (x === undefined) return [];
  if (typeof x === 'string' || x instanceof Expr) return [x];
  return [...x];
}
