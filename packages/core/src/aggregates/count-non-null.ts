import type { AggregateFunction } from './aggregate-function.js';
import { CounterState } from './counter-state.js';

/** Non-null values per group (SQL `count(col)`, pandas `count`). */
export const countNonNull: AggregateFunction = {
  name: 'count_non_null',
  kind: 'distributive',
  needsInput: true,
  memory: '8 bytes per group',
  outputDType: () => 'int64',
  create: () => new CounterState('non-null'),
};
