import type { AggregateOptions } from './aggregates/aggregate-function.js';
import type { Value } from './column.js';
import { DfError } from './errors/df-error.js';
import { type AggSpec, defaultAggName } from './group-by/agg-spec.js';

export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

/** A row predicate as plain data, so a plan can be sent to worker threads as it is. */
export type Predicate =
  | { readonly op: CompareOp; readonly column: string; readonly value: Value }
  | { readonly op: 'in'; readonly column: string; readonly values: readonly Value[] }
  | { readonly op: 'is_null' | 'is_not_null'; readonly column: string }
  | { readonly op: 'and' | 'or'; readonly args: readonly Predicate[] }
  | { readonly op: 'not'; readonly arg: Predicate };

/** A boolean expression over columns: `col('temp').gt(20).and(col('city').isIn(['Oslo']))`. */
export class PredicateExpr {
  constructor(readonly predicate: Predicate) {}

  and(other: PredicateExpr): PredicateExpr {
    return new PredicateExpr({ op: 'and', args: [this.predicate, other.predicate] });
  }

  or(other: PredicateExpr): PredicateExpr {
    return new PredicateExpr({ op: 'or', args: [this.predicate, other.predicate] });
  }

  not(): PredicateExpr {
    return new PredicateExpr({ op: 'not', arg: this.predicate });
  }
}

/** One aggregate output: `col('temp').mean().as('avg_temp')`. */
export class AggExpr {
  constructor(
    readonly column: string | null,
    readonly fn: string,
    readonly options: AggregateOptions = {},
    readonly alias?: string,
  ) {}

  as(name: string): AggExpr {
    return new AggExpr(this.column, this.fn, this.options, name);
  }

  toSpec(): AggSpec {
    return { column: this.column, fn: this.fn, options: this.options, name: this.alias ?? defaultAggName(this.column, this.fn, this.options) };
  }
}

/** A column reference: comparisons make predicates, aggregate methods make aggregate outputs. */
export class ColumnExpr {
  constructor(readonly name: string) {}

  eq(value: Value): PredicateExpr {
    return this.compare('==', value);
  }
  neq(value: Value): PredicateExpr {
    return this.compare('!=', value);
  }
  lt(value: Value): PredicateExpr {
    return this.compare('<', value);
  }
  le(value: Value): PredicateExpr {
    return this.compare('<=', value);
  }
  gt(value: Value): PredicateExpr {
    return this.compare('>', value);
  }
  ge(value: Value): PredicateExpr {
    return this.compare('>=', value);
  }
  isIn(values: readonly Value[]): PredicateExpr {
    return new PredicateExpr({ op: 'in', column: this.name, values });
  }
  isNull(): PredicateExpr {
    return new PredicateExpr({ op: 'is_null', column: this.name });
  }
  isNotNull(): PredicateExpr {
    return new PredicateExpr({ op: 'is_not_null', column: this.name });
  }

  count(): AggExpr {
    return this.agg('count_non_null');
  }
  nullCount(): AggExpr {
    return this.agg('null_count');
  }
  sum(): AggExpr {
    return this.agg('sum');
  }
  mean(): AggExpr {
    return this.agg('mean');
  }
  min(): AggExpr {
    return this.agg('min');
  }
  max(): AggExpr {
    return this.agg('max');
  }
  var(): AggExpr {
    return this.agg('var');
  }
  std(): AggExpr {
    return this.agg('std');
  }
  first(): AggExpr {
    return this.agg('first');
  }
  last(): AggExpr {
    return this.agg('last');
  }
  nUnique(): AggExpr {
    return this.agg('n_unique');
  }
  median(): AggExpr {
    return this.agg('median');
  }
  quantile(q: number): AggExpr {
    return new AggExpr(this.name, 'quantile', { q });
  }
  /** Any registered aggregate by name (also users' own). */
  agg(fn: string, options: AggregateOptions = {}): AggExpr {
    return new AggExpr(this.name, fn, options);
  }

  private compare(op: CompareOp, value: Value): PredicateExpr {
    return new PredicateExpr({ op, column: this.name, value });
  }
}

export function col(name: string): ColumnExpr {
  return new ColumnExpr(name);
}

/** Rows per group (`count(*)`). */
export function count(): AggExpr {
  return new AggExpr(null, 'count');
}

/** What `agg()` accepts: `{ temp: ['mean', 'max'], v1: 'sum' }` and/or aggregate expressions. */
export type AggInput = AggExpr | Record<string, string | readonly string[]>;

export function toAggSpecs(inputs: readonly AggInput[]): AggSpec[] {
  const specs: AggSpec[] = [];
  for (const input of inputs) {
    if (input instanceof AggExpr) specs.push(input.toSpec());
    else {
      for (const [column, fns] of Object.entries(input)) {
        for (const fn of typeof fns === 'string' ? [fns] : fns) {
          const q = /^(?:quantile|q)[_(]?(0?\.\d+|1(?:\.0*)?|0)\)?$/.exec(fn);
          const spec = q !== null ? { column, fn: 'quantile', options: { q: Number(q[1]) } } : { column, fn, options: {} };
          specs.push({ ...spec, name: defaultAggName(column, spec.fn, spec.options) });
        }
      }
    }
  }
  const seen = new Set<string>();
  for (const s of specs) {
    if (seen.has(s.name)) throw new DfError('usage', `two aggregates are named '${s.name}'; rename one with .as()`);
    seen.add(s.name);
  }
  return specs;
}

/** Columns a predicate reads. */
export function predicateColumns(p: Predicate): string[] {
  switch (p.op) {
    case 'and':
    case 'or':
      return [...new Set(p.args.flatMap(predicateColumns))];
    case 'not':
      return predicateColumns(p.arg);
    default:
      return [p.column];
  }
}
