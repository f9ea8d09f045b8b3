import type { Polars, PolarsLazyFrame } from './etl-apis.js';

/** Joins the left table x with a right table as Polars would be asked to. */
export type PolarsJoinFormulation = (polars: Polars, x: PolarsLazyFrame, right: PolarsLazyFrame) => PolarsLazyFrame;

/** The part of df-stream's LazyFrame the join formulations use (written out, as etl-apis.ts does). */
export interface DfJoinFrame {
  join(other: DfJoinFrame, options: { on: string; how?: 'inner' | 'left'; memoryLimit?: number }): DfJoinFrame;
  collect(): Promise<unknown>;
}

/** Builds the join of x and a right table (both `scanCsv(file)`); the engine calls `.collect()`. */
export type DfJoinFormulation = (x: DfJoinFrame, right: DfJoinFrame, memoryLimit: number | undefined) => DfJoinFrame;
