import type { ScalarFunction } from '../scalar-function.js';
import { ADD, DIVIDE, MOD, MULTIPLY, NEGATE, POW, SUBTRACT } from './arithmetic.js';
import { CASE_WHEN } from './case-when.js';
import { CAST } from './cast-function.js';
import { EQ, GE, GT, LE, LT, NEQ } from './compare.js';
import { IS_IN } from './is-in.js';
import { AND, NOT, OR } from './logic.js';
import { ABS, CEIL, EXP, FLOOR, LN, LOG10, ROUND, SQRT } from './math.js';
import { COALESCE, IS_NOT_NULL, IS_NULL } from './null-functions.js';

/** Arithmetic, comparison, logic, null handling, conditionals, casts and math. */
export const NUMERIC_FUNCTIONS: readonly ScalarFunction[] = [
  ...[ADD, SUBTRACT, MULTIPLY, DIVIDE, MOD, NEGATE, POW],
  ...[EQ, NEQ, LT, LE, GT, GE],
  ...[AND, OR, NOT],
  ...[IS_NULL, IS_NOT_NULL, COALESCE, IS_IN, CASE_WHEN, CAST],
  ...[ABS, ROUND, FLOOR, CEIL, SQRT, LN, LOG10, EXP],
];
