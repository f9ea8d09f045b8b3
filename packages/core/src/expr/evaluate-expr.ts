import { allNullColumn } from '../builder/all-null-column.js';
import type { Chunk } from '../chunk.js';
import type { Column } from '../column.js';
import { Dictionary } from '../dictionary.js';
import { type DType, isIntegerDType, narrowestIntDType } from '../dtype.js';
import { DfError } from '../errors/df-error.js';
import { broadcast, validityOf, withValidity } from '../functions/kernel-support.js';
import { getScalarFunction } from '../functions/registry.js';
import { type ArgType, ExprTypeError, type Operand, Scalar } from '../functions/scalar-function.js';
import { type ExprNode, literalDType } from './expr-node.js';
import { exprText } from './expr-text.js';

/**
 * The value of an expression over one chunk, as a column of the chunk's length (a literal is broadcast). Runs
 * kernels over whole columns; the expression should have been checked by `resolveExpr` (the dtypes of this
 * chunk's columns decide each kernel's result dtype, as a chunk may be wider than its schema said).
 * `input` may be a row count instead of a chunk, for expressions that read no column.
 */
export function evaluateExpr(node: ExprNode, input: Chunk | number): Column {
  const n = typeof input === 'number' ? input : input.numRows;
  let value: Operand;
  try {
    value = operand(node, input, n);
  } catch (e) {
    // The expression was checked against the schema: a type error now means a chunk's column has another dtype
    // than the schema said (a CSV column that turned to text after the rows its dtype was inferred from).
    if (!(e instanceof ExprTypeError)) throw e;
    throw new DfError('data', `${e.message} in ${exprText(node)}: a column's values changed type after its dtype was inferred`, {
      hint: 'give the column a dtype (the dtypes option, or --dtype COL=TYPE)',
      where: { expression: exprText(node) },
    });
  }
  if (!(value instanceof Scalar)) return value;
  return broadcast(value, scalarColumnType(value), n);
}

/** A literal stored on its own: integers in the narrowest int, text as utf8. */
function scalarColumnType(s: Scalar): DType {
  if (s.dtype === 'null') return 'int8';
  if (s.dtype === 'int64' && typeof s.value === 'number') return narrowestIntDType(s.value, s.value);
  if (s.dtype === 'categorical') return 'utf8';
  return s.dtype;
}

function operand(node: ExprNode, input: Chunk | number, n: number): Operand {
  switch (node.op) {
    case 'col':
      if (typeof input === 'number') throw new DfError('internal', `column ${node.name} in a constant expression`);
      return input.column(node.name);
    case 'lit':
      return new Scalar(node.value, node.dtype ?? literalDType(node.value));
    case 'alias':
      return operand(node.arg, input, n);
    case 'agg':
      throw new DfError('internal', `aggregate ${node.fn} reached a row kernel`);
    case 'call': {
      const fn = getScalarFunction(node.fn);
      const args = node.args.map((a) => operand(a, input, n));
      const types: ArgType[] = args.map((a) => (a instanceof Scalar ? { dtype: a.dtype, literal: a.value } : { dtype: a.dtype }));
      const dtype = fn.type(types);
      if (fn.nulls === 'custom') return fn.kernel(args, n, dtype);
      // SQL's null propagation: a null literal makes every row null; otherwise the inputs' nulls carry over.
      if (args.some((a) => a instanceof Scalar && a.value === null)) return allNullColumn(dtype, n, new Dictionary());
      if (args.every((a) => a instanceof Scalar)) {
        const one = fn.kernel(args, 1, dtype);
        // An integer result promoted past int64 is a float64 value: keep its own dtype, never wrap it.
        return new Scalar(one.get(0), !one.isValid(0) ? 'null' : isIntegerDType(dtype) && one.dtype === 'float64' ? 'float64' : dtype);
      }
      return withValidity(fn.kernel(args, n, dtype), validityOf(args));
    }
  }
}
