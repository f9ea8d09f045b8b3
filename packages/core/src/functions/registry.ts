import { DfError } from '../errors/df-error.js';
import { DATE_FUNCTIONS } from './date/date-functions.js';
import { NUMERIC_FUNCTIONS } from './numeric/numeric-functions.js';
import type { ScalarFunction } from './scalar-function.js';
import { STRING_FUNCTIONS } from './string/string-functions.js';

const byName = new Map<string, ScalarFunction>();

/** Adds a scalar function under its name and aliases (users may add their own; a name is taken once). */
export function registerScalarFunction(fn: ScalarFunction): void {
  for (const name of [fn.name, ...(fn.aliases ?? [])]) {
    if (byName.has(name)) throw new DfError('usage', `a scalar function named '${name}' is already registered`);
    byName.set(name, fn);
  }
}

for (const fn of [...NUMERIC_FUNCTIONS, ...STRING_FUNCTIONS, ...DATE_FUNCTIONS]) registerScalarFunction(fn);

export function hasScalarFunction(name: string): boolean {
  return byName.has(name.toLowerCase());
}

/** The function registered under `name` or one of its aliases (SQL names are case-insensitive). */
export function getScalarFunction(name: string): ScalarFunction {
  const fn = byName.get(name.toLowerCase());
  if (fn === undefined) {
    throw new DfError('usage', `unknown function '${name}'`, { hint: `functions: ${scalarFunctionNames().join(', ')}` });
  }
  return fn;
}

/** Registered names (not aliases), sorted. */
export function scalarFunctionNames(): string[] {
  return [...new Set([...byName.values()].map((f) => f.name))].sort();
}
