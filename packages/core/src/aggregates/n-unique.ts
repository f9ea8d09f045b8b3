import type { AggregateFunction } from './aggregate-function.js';
import { NUniqueState } from './n-unique-state.js';

/** Exact number of distinct non-null values per group (holistic: keeps every distinct value). */
export const nUnique: AggregateFunction = {
  name: 'n_unique',
  kind: 'holistic',
  needsInput: true,
  memory: 'about 40 bytes per distinct (group, value) pair',
  outputDType: () => 'int64',
  create: () => new NUniqueState(),
};
