import type { EngineResult } from '../engines/engine-protocol.js';
import type { CheckOutcome } from './check-results.js';
import type { MachineInfo } from './machine-info.js';

export type CaseStatus = 'ok' | 'unsupported' | 'unavailable' | 'failed';

export interface RunRecord {
  wallMs: number;
  maxRssKB: number | null;
  userS: number | null;
  sysS: number | null;
  queryMs: number | null;
  /** Share of all cores other processes kept busy just before the run (Linux); above ~0.25 the run was disturbed. */
  cpuBusyBefore?: number | null;
  /** df-stream's own account of a budgeted run: its last `--progress json` event. */
  budgetEvent?: BudgetEvent;
}

/** The fields of the CLI's last NDJSON progress event that a budgeted run is judged by, in bytes. */
export interface BudgetEvent {
  budget: number;
  /** RSS of the process when the job started (Node, V8, loaded code): the runtime's floor. */
  floor: number;
  /** The process's maxRSS as the CLI saw it (the runner's GNU time figure is the one reported). */
  peakRss: number;
  spilledBytes: number;
}

/**
 * A case run under a memory budget (the budget suite): the budget, and for an engine that reports them (df-stream's
 * CLI) the median floor and bytes spilled over the runs and whether every run stayed within budget + floor.
 */
export interface BudgetOutcome {
  bytes: number;
  floorBytes?: number;
  spilledBytes?: number;
  /** Every run's peak RSS (GNU time) was at most the budget plus that run's floor; absent without a floor. */
  withinBound?: boolean;
}

/** One engine on one query: every timed run, their summary, and how its answer compares. */
export interface CaseResult {
  query: string;
  title: string;
  engine: string;
  /**
   * Which columnar copy of the data the case read, named by format and writer (`parquet (polars)`); absent in a
   * CSV suite. Cases are compared (results, ratios to DuckDB) only with cases on the same file.
   */
  dataset?: string;
  status: CaseStatus;
  reason?: string;
  file: string;
  fileBytes: number;
  command: string;
  measuredAt: string;
  /** 1-minute load average just before the first run: other work on the machine skews timings. */
  loadAvg: number;
  runs: RunRecord[];
  medianWallMs?: number;
  peakRssKB?: number;
  medianQueryMs?: number;
  mbPerS?: number;
  timeVsDuckdb?: number;
  rssVsDuckdb?: number;
  result?: Pick<EngineResult, 'rows' | 'totals'>;
  check?: CheckOutcome;
  budget?: BudgetOutcome;
}

export interface SuiteResult {
  /** File name without extension: `groupby-1e7`, `groupby-1e7-k2-nulls5`. */
  name: string;
  suite: string;
  title: string;
  format: string;
  rows: number;
  k: number;
  nullPct: number;
  sorted: boolean;
  threads: number;
  runs: number;
  warmup: number;
  createdAt: string;
  invocation: string;
  /** Cases kept from earlier runs of the suite (merged: `invocation` did not measure them); absent when none. */
  earlierCases?: number;
  machine: MachineInfo;
  engines: Record<string, string>;
  cases: CaseResult[];
}
