import type { AggregateFunction } from './aggregate-function.js';
import { MinMaxState } from './min-max-state.js';

/** Smallest non-null value (numbers, strings, dates); NaN only when every value is NaN. */
export const min: AggregateFunction = {
  name: 'min',
  kind: 'distributive',
  needsInput: true,
  memory: "2-9 bytes per group (numbers: a flag and a value in the input's own width), one string per group (strings)",
  outputDType: (input) => (input === 'float32' ? 'float64' : (input ?? 'float64')),
  create: (input) => new MinMaxState('min', input),
};
