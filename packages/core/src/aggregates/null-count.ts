import type { AggregateFunction } from './aggregate-function.js';
import { CounterState } from './counter-state.js';

/** Nulls per group. */
export const nullCount: AggregateFunction = {
  name: 'null_count',
  kind: 'distributive',
  needsInput: true,
  memory: '8 bytes per group',
  outputDType: () => 'int64',
  create: () => new CounterState('null'),
};
