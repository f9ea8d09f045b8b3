import { isFloatDType } from '../dtype.js';
import type { AggregateFunction } from './aggregate-function.js';
import { SumState } from './sum-state.js';

/** Sum of non-null values; exact for integers (promoted to float64 past int64); null for an empty group. */
export const sum: AggregateFunction = {
  name: 'sum',
  kind: 'distributive',
  needsInput: true,
  memory: '24 bytes per group (+ a BigInt per group once integer sums pass 2^52)',
  outputDType: (input) => (input !== undefined && isFloatDType(input) ? 'float64' : 'int64'),
  create: () => new SumState('sum'),
};
