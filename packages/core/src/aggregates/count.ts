import type { AggregateFunction } from './aggregate-function.js';
import { CounterState } from './counter-state.js';

/** Rows per group, nulls included (SQL `count(*)`, pandas `size`). */
export const count: AggregateFunction = {
  name: 'count',
  kind: 'distributive',
  needsInput: false,
  memory: '8 bytes per group',
  outputDType: () => 'int64',
  create: () => new CounterState('rows'),
};
