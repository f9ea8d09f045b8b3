import type pl from 'nodejs-polars';

/**
 * The engine APIs the ETL formulations are written against. Polars' are its own types (a type-only import: the
 * runner never loads nodejs-polars); df-stream's are the part of its public API the formulations use, written out
 * as the df-stream engine script does, so the bench compiles whatever the library's types are today.
 */
export type Polars = typeof pl;
export type PolarsLazyFrame = ReturnType<Polars['scanCSV']>;
/** Builds the query on a lazy scan of the file. */
export type PolarsFormulation = (polars: Polars, frame: PolarsLazyFrame) => PolarsLazyFrame;

export interface DfExpr {
  mul(other: DfExpr): DfExpr;
  sub(other: DfExpr): DfExpr;
  gt(other: DfExpr): DfExpr;
  sum(): DfExpr;
  min(): DfExpr;
  max(): DfExpr;
  round(decimals?: number): DfExpr;
  as(name: string): DfExpr;
  readonly str: { lower(): DfExpr };
}

/** The 'df-stream' package's exports the formulations use. */
export interface DfStreamApi {
  col(name: string): DfExpr;
  count(): DfExpr;
}

export interface DfLazyFrame {
  filter(predicate: DfExpr): DfLazyFrame;
  groupBy(...keys: (string | DfExpr)[]): DfGroupBy;
}

export interface DfGroupBy {
  withOptions(options: { threads?: number }): DfGroupBy;
  agg(...outputs: DfExpr[]): { collect(): Promise<unknown> };
}

/** Builds the query on `scanCsv(file)`; the engine calls `.collect()`. */
export type DfStreamFormulation = (api: DfStreamApi, frame: DfLazyFrame, threads: number) => { collect(): Promise<unknown> };
