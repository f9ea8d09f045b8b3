import { budgetFlag, budgetQueryId, parseBudget } from '../queries/budget-sizes.js';
import { findQuery } from '../queries/queries.js';
import { memoryLimitOf } from '../queries/query-spec.js';
import type { SuiteSpec } from './suites.js';

/**
 * The queries a suite runs at a row count: `--queries` (a budgeted query also by its base id: `q10` is q10-256mb,
 * q10-512mb and q10-1gb), else the suite's own choice for that size; then only those under `--budgets`. Unknown
 * names and an empty selection throw, before anything is compiled or generated.
 */
export function selectQueries(suite: SuiteSpec, rows: number, queries: string | undefined, budgets: string | undefined): string[] {
  const limitOf = (id: string) => memoryLimitOf(findQuery(id));
  let selected: string[];
  if (queries === undefined) {
    selected = suite.queriesAt?.(rows) ?? suite.queries;
  } else {
    selected = queries.split(',').flatMap((name) => {
      if (suite.queries.includes(name)) return [name];
      const variants = suite.queries.filter((id) => {
        const bytes = limitOf(id);
        return bytes !== undefined && id === budgetQueryId(name, bytes);
      });
      if (variants.length === 0) throw new Error(`${suite.name} has no query ${name}; it has ${suite.queries.join(', ')}`);
      return variants;
    });
  }
  if (budgets !== undefined) {
    const known = [...new Set(suite.queries.map(limitOf).filter((b) => b !== undefined))];
    if (known.length === 0) throw new Error(`--budgets: ${suite.name} has no budgeted queries`);
    const wanted = budgets.split(',').map(parseBudget);
    const unknown = wanted.filter((b) => !known.includes(b));
    if (unknown.length > 0) throw new Error(`--budgets: ${suite.name} has no budget ${unknown.map(budgetFlag).join(', ')}; it has ${known.map(budgetFlag).join(', ')}`);
    selected = selected.filter((id) => wanted.includes(limitOf(id) ?? Number.NaN));
  }
  if (selected.length === 0) throw new Error(`${suite.name}: no query at ${rows} rows matches --queries and --budgets`);
  return selected;
}
