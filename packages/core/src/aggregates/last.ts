import type { AggregateFunction } from './aggregate-function.js';
import { FirstLastState } from './first-last-state.js';

/** Last value of each group in input order (null if that value is null). */
export const last: AggregateFunction = {
  name: 'last',
  kind: 'distributive',
  needsInput: true,
  memory: '8 bytes + one JS value per group',
  outputDType: (input) => input ?? 'float64',
  create: (input) => new FirstLastState('last', input),
};
