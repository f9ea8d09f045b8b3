/**
 * SQL aggregate names (DuckDB's) and the registry aggregate each is. `count` is not here: `count(*)` is `count`,
 * `count(x)` is `count_non_null`, `count(distinct x)` is `n_unique`. `quantile_cont` takes its q as a second argument;
 * DuckDB's `quantile` is the discrete one (`quantile_disc`), which we do not have, so it is not mapped.
 */
export const SQL_AGGREGATES: Readonly<Record<string, string>> = {
  sum: 'sum',
  min: 'min',
  max: 'max',
  avg: 'mean',
  mean: 'mean',
  median: 'median',
  stddev: 'std',
  stddev_samp: 'std',
  std: 'std',
  variance: 'var',
  var_samp: 'var',
  var: 'var',
  first: 'first',
  last: 'last',
  approx_count_distinct: 'approx_n_unique',
  quantile_cont: 'quantile',
};
