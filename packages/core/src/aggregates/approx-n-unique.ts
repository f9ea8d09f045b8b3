import type { AggregateFunction } from './aggregate-function.js';
import { APPROX_N_UNIQUE_ERROR, HyperLogLogState } from './hyper-log-log-state.js';

/** Approximate distinct count (HyperLogLog): bounded memory, relative standard error about 3.3%. */
export const approxNUnique: AggregateFunction = {
  name: 'approx_n_unique',
  kind: 'algebraic',
  needsInput: true,
  memory: `1 KiB per group (standard error ${(APPROX_N_UNIQUE_ERROR * 100).toFixed(1)}%)`,
  outputDType: () => 'int64',
  create: () => new HyperLogLogState(),
};
