import { DfError } from '../errors/df-error.js';
import type { AggregateFunction } from './aggregate-function.js';
import { approxNUnique } from './approx-n-unique.js';
import { count } from './count.js';
import { countNonNull } from './count-non-null.js';
import { first } from './first.js';
import { last } from './last.js';
import { max } from './max.js';
import { mean } from './mean.js';
import { median } from './median.js';
import { min } from './min.js';
import { nUnique } from './n-unique.js';
import { nullCount } from './null-count.js';
import { quantile } from './quantile.js';
import { std } from './std.js';
import { sum } from './sum.js';
import { variance } from './variance.js';

const registry = new Map<string, AggregateFunction>();

/** Adds an aggregate under its name (and aliases); a user's aggregate may replace a built-in one. */
export function registerAggregate(fn: AggregateFunction, ...aliases: string[]): void {
  for (const name of [fn.name, ...aliases]) registry.set(name, fn);
}

export function getAggregate(name: string): AggregateFunction {
  const fn = registry.get(name);
  if (fn === undefined) {
    throw new DfError('usage', `unknown aggregate '${name}'; available: ${aggregateNames().join(', ')}`);
  }
  return fn;
}

export function hasAggregate(name: string): boolean {
  return registry.has(name);
}

export function aggregateNames(): string[] {
  return [...registry.keys()].sort();
}

registerAggregate(count, 'len', 'size');
registerAggregate(countNonNull);
registerAggregate(nullCount);
registerAggregate(sum);
registerAggregate(mean, 'avg');
registerAggregate(min);
registerAggregate(max);
registerAggregate(variance, 'variance');
registerAggregate(std, 'stddev');
registerAggregate(first);
registerAggregate(last);
registerAggregate(nUnique, 'nunique');
registerAggregate(approxNUnique);
registerAggregate(median);
registerAggregate(quantile);
