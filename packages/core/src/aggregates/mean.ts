import type { AggregateFunction } from './aggregate-function.js';
import { SumState } from './sum-state.js';

/** Arithmetic mean of non-null values (compensated sum / count); NaN propagates; null for an empty group. */
export const mean: AggregateFunction = {
  name: 'mean',
  kind: 'algebraic',
  needsInput: true,
  memory: '24 bytes per group',
  outputDType: () => 'float64',
  create: () => new SumState('mean'),
};
