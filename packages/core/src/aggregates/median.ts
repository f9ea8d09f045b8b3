import type { AggregateFunction } from './aggregate-function.js';
import { QuantileState } from './quantile-state.js';

/** Exact median (quantile 0.5, linear interpolation; holistic: keeps every value). */
export const median: AggregateFunction = {
  name: 'median',
  kind: 'holistic',
  needsInput: true,
  memory: '8 bytes per non-null value (up to 2x while growing)',
  outputDType: () => 'float64',
  create: () => new QuantileState(0.5),
};
