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
  machine: MachineInfo;
  engines: Record<string, string>;
  cases: CaseResult[];
}
