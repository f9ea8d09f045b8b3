import type { AggregateFunction } from './aggregate-function.js';
import { VarianceState } from './variance-state.js';

/** Sample variance (n - 1), Welford per group; null below two values. */
export const variance: AggregateFunction = {
  name: 'var',
  kind: 'algebraic',
  needsInput: true,
  memory: '24 bytes per group',
  outputDType: () => 'float64',
  create: () => new VarianceState('var'),
};
