import type { AggregateFunction } from './aggregate-function.js';
import { MinMaxState } from './min-max-state.js';

/** Largest non-null value (numbers, strings, dates); NaN when a group has one, as in DuckDB. */
export const max: AggregateFunction = {
  name: 'max',
  kind: 'distributive',
  needsInput: true,
  memory: "2-9 bytes per group (numbers: a flag and a value in the input's own width), one string per group (strings)",
  outputDType: (input) => (input === 'float32' ? 'float64' : (input ?? 'float64')),
  create: (input) => new MinMaxState('max', input),
};
