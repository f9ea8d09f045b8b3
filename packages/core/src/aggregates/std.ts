import type { AggregateFunction } from './aggregate-function.js';
import { VarianceState } from './variance-state.js';

/** Sample standard deviation (n - 1); null below two values. */
export const std: AggregateFunction = {
  name: 'std',
  kind: 'algebraic',
  needsInput: true,
  memory: '24 bytes per group',
  outputDType: () => 'float64',
  create: () => new VarianceState('std'),
};
