import { type DType, isIntegerDType } from '../dtype.js';
import { DfError } from '../errors/df-error.js';
import { getScalarFunction, hasScalarFunction } from '../functions/registry.js';
import { type ArgType, ExprTypeError } from '../functions/scalar-function.js';
import { ColumnNotFoundError, type Schema } from '../schema.js';
import { evaluateExpr } from './evaluate-expr.js';
import { callNode, type ExprNode, literalDType, litNode } from './expr-node.js';
import { exprText } from './expr-text.js';

export interface Resolved {
  readonly node: ExprNode;
  readonly dtype: DType | 'null';
}

/**
 * Checks an expression against a schema before any data is read, and returns it optimised: every function known
 * and given the right number and kinds of arguments, every column present (a missing one names the closest),
 * calls over literals folded to literals, a string literal compared with a date column cast to a date once.
 * Errors are usage errors that name the expression.
 */
export function resolveExpr(node: ExprNode, schema: Schema, where: ExprNode = node): Resolved {
  switch (node.op) {
    case 'col':
      try {
        return { node, dtype: schema.field(node.name).dtype };
      } catch (e) {
        // The closest name is in the message already; say which expression wanted it.
        if (e instanceof ColumnNotFoundError && where !== node) e.message += ` (in ${exprText(where)})`;
        throw e;
      }
    case 'lit':
      return { node, dtype: node.dtype ?? literalDType(node.value) };
    case 'alias': {
      const inner = resolveExpr(node.arg, schema, where);
      return { node: { op: 'alias', arg: inner.node, name: node.name }, dtype: inner.dtype };
    }
    case 'agg':
      throw new DfError('usage', `aggregate ${exprText(node)} outside agg(): ${exprText(where)}`, {
        hint: 'aggregates go in groupBy(...).agg(...) (or --agg)',
        where: { expression: exprText(where) },
      });
    case 'call':
      return resolveCall(node, schema, where);
  }
}

function resolveCall(node: Extract<ExprNode, { op: 'call' }>, schema: Schema, where: ExprNode): Resolved {
  if (!hasScalarFunction(node.fn)) {
    throw new DfError('usage', `unknown function '${node.fn}' in ${exprText(where)}`, { where: { expression: exprText(where) } });
  }
  const fn = getScalarFunction(node.fn);
  const [min, max] = fn.arity;
  if (node.args.length < min || node.args.length > max) {
    const want = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    throw typeError(`${fn.name}() takes ${want} argument${min === 1 && max === 1 ? '' : 's'}, got ${node.args.length}`, where);
  }
  let args = node.args.map((a) => resolveExpr(a, schema, where));
  args = castTextToTime(fn.name, args);
  for (const i of fn.literalArgs ?? []) {
    if (i < args.length && args[i].node.op !== 'lit') throw typeError(`argument ${i + 1} of ${fn.name}() must be a literal, got ${exprText(args[i].node)}`, where);
  }
  const types: ArgType[] = args.map((a) => (a.node.op === 'lit' ? { dtype: a.dtype, literal: a.node.value } : { dtype: a.dtype }));
  let dtype: DType;
  try {
    dtype = fn.type(types);
  } catch (e) {
    if (e instanceof ExprTypeError && e.where.expression === undefined) throw new ExprTypeError(e.message, exprText(where));
    throw e;
  }
  const call = callNode(fn.name, ...args.map((a) => a.node));
  if (args.every((a) => a.node.op === 'lit')) {
    const folded = fold(call, dtype);
    return { node: folded, dtype: (folded.op === 'lit' ? folded.dtype : undefined) ?? dtype };
  }
  return { node: call, dtype };
}

/** Constant folding: a call over literals is evaluated once, here, on one row. */
function fold(call: ExprNode, dtype: DType): ExprNode {
  const column = evaluateExpr(call, 1);
  // An integer result past int64 came out float64 (promoted, as at run time): the literal says so.
  return litNode(column.get(0), isIntegerDType(dtype) && column.dtype === 'float64' ? 'float64' : dtype);
}

const COMPARISONS = new Set(['eq', 'neq', 'lt', 'le', 'gt', 'ge', 'is_in', 'coalesce']);

/** `day >= '2024-01-01'`: the text literal becomes a date (or timestamp) literal, checked now, not per row. */
function castTextToTime(fn: string, args: Resolved[]): Resolved[] {
  if (!COMPARISONS.has(fn)) return args;
  const time = args.find((a) => a.dtype === 'date' || a.dtype === 'timestamp')?.dtype;
  if (time === undefined) return args;
  return args.map((a) => {
    if (a.node.op !== 'lit' || a.dtype !== 'utf8') return a;
    const folded = fold(callNode('cast', a.node, litNode(time)), time as DType);
    if (folded.op === 'lit' && folded.value === null) {
      throw new DfError('usage', `'${String(a.node.value)}' is not a ${time}`, {
        hint: time === 'date' ? 'write dates as YYYY-MM-DD' : 'write timestamps as YYYY-MM-DD HH:MM:SS',
      });
    }
    return { node: folded, dtype: time };
  });
}

function typeError(message: string, where: ExprNode): DfError {
  return new ExprTypeError(message, exprText(where));
}
