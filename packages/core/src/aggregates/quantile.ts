import type { AggregateFunction } from './aggregate-function.js';
import { QuantileState } from './quantile-state.js';

/** Exact quantile `q` (option, default 0.5) with linear interpolation (holistic: keeps every value). */
export const quantile: AggregateFunction = {
  name: 'quantile',
  kind: 'holistic',
  needsInput: true,
  memory: '8 bytes per non-null value (up to 2x while growing)',
  outputDType: () => 'float64',
  create: (_input, options) => new QuantileState(options.q ?? 0.5),
};
