import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatSci } from '../cli/format-sci.js';
import { type ColumnarCopy, columnarCopies, selectCopies } from '../convert/columnar-copies.js';
import { type EngineResult, resultPrefix, unavailableExitCode, unavailablePrefix } from '../engines/engine-protocol.js';
import { repoRelative, resultsDir } from '../paths.js';
import { budgetBaseId, budgetText } from '../queries/budget-sizes.js';
import { findQuery } from '../queries/queries.js';
import { memoryLimitOf, type Query } from '../queries/query-spec.js';
import { checkResult } from './check-results.js';
import { csvFileTotals } from './csv-file-totals.js';
import { ensureDataset } from './datasets.js';
import { displayCommand, type EngineSpec, engines } from './engines.js';
import { lastBudgetEvent } from './last-budget-event.js';
import { machineInfo } from './machine-info.js';
import { sameFileGroups } from './same-file-groups.js';
import { median } from './stats.js';
import type { BudgetOutcome, CaseResult, RunRecord, SuiteResult } from './suite-result.js';
import type { SuiteSpec } from './suites.js';
import { type Command, type RunMeasurement, timedRun } from './timed-run.js';
import { waitForIdleCpu } from './wait-for-idle-cpu.js';

export interface SuiteOptions {
  suite: SuiteSpec;
  rows: number;
  k: number;
  nullPct: number;
  sorted: boolean;
  cities?: number;
  runs: number;
  warmup: number;
  threads: number;
  engines: EngineSpec[];
  queries: string[];
  /** Ids of the columnar copies a parquet or feather suite reads (all of its format when not given). */
  datasets?: string[];
  timeoutS: number;
  /** A case whose first run takes longer than this many seconds gets a single timed run. */
  slowS: number;
  /** Before each run, wait up to this many seconds for the CPUs to be idle (0: do not wait). */
  idleWaitS: number;
  saveResults: boolean;
  /** Merge into an existing result file for the same suite and size, replacing only the cases run now (else
   *  the file ends up with this run's cases only). */
  merge: boolean;
  invocation: string;
}

export function resultBaseName(o: Pick<SuiteOptions, 'suite' | 'rows' | 'k' | 'nullPct' | 'sorted'>): string {
  const variant = `${o.k !== 100 ? `-k${o.k}` : ''}${o.nullPct ? `-nulls${o.nullPct}` : ''}${o.sorted ? '-sorted' : ''}`;
  return `${o.suite.name}-${formatSci(o.rows)}${variant}`;
}

/**
 * Runs every (query, file, engine) triple of a suite, one process per run, and writes
 * bench/results/<suite>-<rows>.json. A CSV suite reads one file per query; a parquet or feather suite reads each
 * columnar copy of it (written by DuckDB, by Polars, ...), every engine on the same file.
 */
export async function runSuite(o: SuiteOptions): Promise<SuiteResult> {
  const baseName = resultBaseName(o);
  const copies: (ColumnarCopy | undefined)[] = o.suite.format === 'csv' ? [undefined] : selectCopies(o.datasets, o.suite.format);
  const previous = readPrevious(baseName);
  const cases: CaseResult[] = [];
  // Saved after every case, so an interrupted run (Ctrl-C, a crash, a full disk) keeps what it measured; until
  // the last save even --fresh keeps the earlier cases not yet re-measured, so an interruption loses nothing.
  const save = (final: boolean) => {
    const combined = combine(o, o.merge || !final ? previous : [], cases);
    const result = finalize(o, baseName, combined, combined.length - cases.length);
    writeResult(baseName, result);
    return result;
  };
  for (const [queryId, copy] of o.queries.flatMap((q) => copies.map((c) => [q, c] as const))) {
    const query = findQuery(queryId);
    const file = await ensureDataset(query.dataset, copy, o);
    const fileBytes = fs.statSync(file).size;
    const written = copy ? `, ${copy.name}` : '';
    console.log(`\n${query.id} (${query.title}) on ${repoRelative(file)}${written}, ${(fileBytes / 1e6).toFixed(0)} MB`);
    const alternating: CaseRun[] = [];
    for (const engine of o.engines) {
      const supported = engine.supports(query, o.suite.format);
      const base = {
        query: query.id,
        title: query.title,
        engine: engine.name,
        ...(copy ? { dataset: copy.name } : {}),
        file: repoRelative(file),
        fileBytes,
        measuredAt: new Date().toISOString(),
        loadAvg: Math.round(os.loadavg()[0] * 100) / 100,
        runs: [],
      };
      if (supported !== true) {
        cases.push({ ...base, status: 'unsupported', reason: supported, command: '' });
        continue;
      }
      const tmpFile = path.join(resultsDir, 'tmp', baseName, `${query.id}${copy ? `-${copy.id}` : ''}-${engine.name}.csv`);
      const saveTo = o.saveResults ? tmpFile : undefined;
      // A CLI prints its result table; it goes to a file, read for the totals after each run and then removed.
      const resultFile = engine.output === 'csv' ? tmpFile : undefined;
      if (o.suite.alternate) {
        alternating.push(new CaseRun(engine, query, file, o, base, saveTo, resultFile));
        continue;
      }
      cases.push(await runCase(engine, query, file, o, base, saveTo, resultFile));
      save(false);
    }
    if (alternating.length > 0) {
      cases.push(...(await runAlternating(alternating)));
      save(false);
    }
  }
  const result = save(true);
  for (const c of result.cases) {
    if (c.check?.status === 'mismatch') console.log(`\n!!! RESULT MISMATCH: ${c.engine} on ${c.query}: ${c.check.detail}`);
  }
  return result;
}

async function runCase(
  engine: EngineSpec,
  query: Query,
  file: string,
  o: SuiteOptions,
  base: Omit<CaseResult, 'status' | 'command'>,
  saveTo: string | undefined,
  resultFile: string | undefined,
): Promise<CaseResult> {
  const run = new CaseRun(engine, query, file, o, base, saveTo, resultFile);
  while (!run.done) await run.step();
  return run.caseResult();
}

/** A suite with `alternate`: each round gives every engine still running one run (the warm-ups come first). */
async function runAlternating(cases: CaseRun[]): Promise<CaseResult[]> {
  while (cases.some((c) => !c.done)) {
    for (const c of cases) if (!c.done) await c.step();
  }
  return cases.map((c) => c.caseResult());
}

/** The runs of one engine on one query, one `step()` at a time: warm-ups, then timed runs. */
class CaseRun {
  done = false;
  private readonly command: Command;
  private readonly shown: string;
  private readonly runs: RunRecord[] = [];
  private result: CaseResult['result'];
  private failure: { status: 'unavailable' | 'failed'; reason: string } | undefined;
  private i = 0;
  private total: number;

  constructor(
    private readonly engine: EngineSpec,
    private readonly query: Query,
    private readonly file: string,
    private readonly o: SuiteOptions,
    private readonly base: Omit<CaseResult, 'status' | 'command'>,
    private readonly saveTo: string | undefined,
    private readonly resultFile: string | undefined,
  ) {
    this.command = engine.command({ file, format: o.suite.format, query, threads: o.threads, resultFile });
    this.shown = displayCommand(this.command);
    this.total = o.warmup + o.runs;
  }

  async step(): Promise<void> {
    const { engine, query, file, o, saveTo, resultFile, i } = this;
    if (this.done) return;
    const warm = i < o.warmup;
    let runCommand = this.command;
    if (i === 0 && saveTo && engine.output === 'json') {
      fs.mkdirSync(path.dirname(saveTo), { recursive: true });
      runCommand = engine.command({ file, format: o.suite.format, query, threads: o.threads, out: saveTo });
    }
    if (resultFile) fs.mkdirSync(path.dirname(resultFile), { recursive: true });
    const busyBefore = o.idleWaitS > 0 ? await waitForIdleCpu(0.25, o.idleWaitS) : null;
    const m = await timedRun(runCommand, o.timeoutS * 1000);
    let outcome: Outcome;
    try {
      outcome = readOutcome(engine, query, m, resultFile);
    } finally {
      if (resultFile) fs.rmSync(resultFile, { force: true });
    }
    const budgetEvent = memoryLimitOf(query) !== undefined && engine.output === 'csv' ? lastBudgetEvent(m.stderrTail) : undefined;
    if ('status' in outcome) {
      const label = outcome.status === 'unavailable' ? 'not available' : 'FAILED';
      console.log(`  ${engine.name.padEnd(14)} ${label}: ${outcome.reason}`);
      this.failure = outcome;
      this.done = true;
      return;
    }
    const previous = this.result;
    this.result = { rows: outcome.rows, totals: outcome.totals };
    if (previous && checkResult(this.result, previous, 'previous run').status === 'mismatch') {
      console.log(`  ${engine.name}: WARNING, run ${i + 1} gave a different result than the run before`);
    }
    if (!warm) {
      this.runs.push({
        wallMs: m.wallMs,
        maxRssKB: m.maxRssKB,
        userS: m.userS,
        sysS: m.sysS,
        queryMs: outcome.queryMs,
        cpuBusyBefore: busyBefore === null ? null : Math.round(busyBefore * 100) / 100,
        ...(budgetEvent ? { budgetEvent } : {}),
      });
    }
    if (i === 0 && m.wallMs > o.slowS * 1000 && this.total > o.warmup + 1) {
      // Five more runs of a two-minute case buy little precision; one timed run still gives time and memory.
      this.total = o.warmup + 1;
      console.log(`  ${engine.name.padEnd(14)} slower than --slow ${o.slowS} s: one timed run only`);
    }
    const floor = budgetEvent ? `, floor ${formatMB(budgetEvent.floor / 1024)}, spilled ${formatMB(budgetEvent.spilledBytes / 1024)}` : '';
    const rss = m.maxRssKB === null ? '' : `, ${formatMB(m.maxRssKB)} peak RSS${floor}`;
    const busy = busyBefore !== null && busyBefore > 0.25 ? ` (CPUs ${Math.round(busyBefore * 100)}% busy before)` : '';
    console.log(`  ${engine.name.padEnd(14)} ${warm ? 'warm-up' : `run ${i - o.warmup + 1}/${o.runs}`}: ${(m.wallMs / 1000).toFixed(2)} s${rss}${busy}`);
    this.i++;
    if (this.i >= this.total) this.done = true;
  }

  caseResult(): CaseResult {
    const { base, runs, shown } = this;
    if (this.failure) return { ...base, command: shown, status: this.failure.status, reason: this.failure.reason, runs, ...budgetOutcome(this.query, runs) };
    const rssValues = runs.map((r) => r.maxRssKB).filter((v): v is number => v !== null);
    const queryValues = runs.map((r) => r.queryMs).filter((v): v is number => v !== null);
    const medianWallMs = runs.length > 0 ? median(runs.map((r) => r.wallMs)) : undefined;
    return {
      ...base,
      command: shown,
      status: 'ok',
      runs,
      medianWallMs,
      peakRssKB: rssValues.length > 0 ? Math.max(...rssValues) : undefined,
      medianQueryMs: queryValues.length > 0 ? median(queryValues) : undefined,
      mbPerS: medianWallMs ? base.fileBytes / 1e6 / (medianWallMs / 1000) : undefined,
      result: this.result,
      ...budgetOutcome(this.query, runs),
    };
  }
}

/**
 * The budget a case ran under and, from df-stream's progress events, its floor and spills. Within bound means
 * every run's peak RSS by GNU time (not the CLI's own figure) was at most the budget plus that run's floor.
 */
function budgetOutcome(query: Query, runs: RunRecord[]): { budget?: BudgetOutcome } {
  const bytes = memoryLimitOf(query);
  if (bytes === undefined) return {};
  const events = runs.map((r) => r.budgetEvent).filter((e) => e !== undefined);
  if (events.length === 0 || events.length < runs.length) return { budget: { bytes } };
  const withinBound = runs.every((r) => r.maxRssKB !== null && r.budgetEvent !== undefined && r.maxRssKB * 1024 <= r.budgetEvent.budget + r.budgetEvent.floor);
  return {
    budget: {
      bytes,
      floorBytes: median(events.map((e) => e.floor)),
      spilledBytes: median(events.map((e) => e.spilledBytes)),
      withinBound,
    },
  };
}

type Outcome = (Omit<EngineResult, 'queryMs'> & { queryMs: number | null }) | { status: 'unavailable' | 'failed'; reason: string };

function readOutcome(engine: EngineSpec, query: Query, m: RunMeasurement, resultFile: string | undefined): Outcome {
  if (m.timedOut) return { status: 'failed', reason: 'timed out' };
  const lastError = errorSummary(m.stderrTail) || `exit code ${m.exitCode}`;
  if (engine.output === 'csv') {
    // The df-stream CLI may not exist yet: a failure means "not available", not a broken benchmark; under a memory
    // budget, though, finishing is what is measured, so there it is a failure.
    if (m.exitCode !== 0) return { status: memoryLimitOf(query) === undefined ? 'unavailable' : 'failed', reason: lastError };
    if (!resultFile || !fs.existsSync(resultFile) || fs.statSync(resultFile).size === 0) return { status: 'unavailable', reason: 'exited 0 but printed no result' };
    return { ...csvFileTotals(query, resultFile), queryMs: null };
  }
  const lines = m.stdout.split('\n');
  const unavailableLine = lines.find((l) => l.startsWith(unavailablePrefix));
  if (unavailableLine || m.exitCode === unavailableExitCode) {
    const reason = unavailableLine ? (JSON.parse(unavailableLine.slice(unavailablePrefix.length)) as { reason: string }).reason : lastError;
    return { status: 'unavailable', reason };
  }
  const resultLine = lines.find((l) => l.startsWith(resultPrefix));
  if (m.exitCode !== 0 || !resultLine) return { status: 'failed', reason: lastError };
  return JSON.parse(resultLine.slice(resultPrefix.length)) as EngineResult;
}

/** The line of a stack trace that says what went wrong (`TypeError: ...`), else the last lines of stderr. */
function errorSummary(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  // Not Node's `triggerUncaughtException(` line above an uncaught error; `[Error: ...]` is how some are printed.
  const error = lines.find((l) => /^\[?\w*(Error|Exception)\b(?!\()|^error:/i.test(l));
  return error ?? lines.slice(-3).join(' | ');
}

function readPrevious(baseName: string): CaseResult[] {
  const file = path.join(resultsDir, `${baseName}.json`);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as SuiteResult).cases : [];
}

/** Earlier results for the same suite and size, with the (query, file, engine) triples measured now replaced. */
function combine(o: SuiteOptions, previous: CaseResult[], cases: CaseResult[]): CaseResult[] {
  const key = (c: CaseResult) => `${c.query}/${c.dataset ?? ''}/${c.engine}`;
  const fresh = new Set(cases.map(key));
  const kept = previous.filter((c) => !fresh.has(key(c)));
  const queryOrder = o.suite.queries;
  const copyOrder = columnarCopies.map((c) => c.name);
  const engineOrder = engines.map((e) => e.name);
  return [...kept, ...cases].sort(
    (a, b) =>
      queryOrder.indexOf(a.query) - queryOrder.indexOf(b.query) ||
      copyOrder.indexOf(a.dataset ?? '') - copyOrder.indexOf(b.dataset ?? '') ||
      engineOrder.indexOf(a.engine) - engineOrder.indexOf(b.engine),
  );
}

/**
 * Checks every answer against DuckDB's (or the first engine that answered) on the same file, and fills in the
 * ratios to DuckDB.
 */
function finalize(o: SuiteOptions, name: string, cases: CaseResult[], earlierCases: number): SuiteResult {
  for (const { query, dataset } of sameFileGroups(cases)) {
    const forQuery = cases.filter((c) => c.query === query && c.dataset === dataset && c.status === 'ok');
    const duckdb = forQuery.find((c) => c.engine === 'duckdb');
    const otherBudget = duckdb ? undefined : duckdbUnderOtherBudget(cases, forQuery[0]);
    const reference = duckdb ?? otherBudget ?? forQuery[0];
    const referenceName = otherBudget?.budget ? `duckdb at ${budgetText(otherBudget.budget.bytes)}` : (reference?.engine ?? '');
    for (const c of forQuery) {
      if (!c.result) continue;
      c.check = c === reference ? { status: 'reference' } : checkResult(c.result, reference?.result, referenceName);
      // A budgeted answer with no DuckDB answer to the same query is no reference, whatever ran beside it.
      if (c === reference && c.budget && c.engine !== 'duckdb') c.check = { status: 'unchecked', detail: 'no DuckDB answer to this query under any budget' };
      if (otherBudget && c.check.status === 'ok') c.check.detail = `against ${referenceName}`;
      if (duckdb?.medianWallMs && c.medianWallMs) c.timeVsDuckdb = c.medianWallMs / duckdb.medianWallMs;
      if (duckdb?.peakRssKB && c.peakRssKB) c.rssVsDuckdb = c.peakRssKB / duckdb.peakRssKB;
    }
  }
  return {
    name,
    suite: o.suite.name,
    title: o.suite.title,
    format: o.suite.format,
    rows: o.rows,
    k: o.k,
    nullPct: o.nullPct,
    sorted: o.sorted,
    threads: o.threads,
    runs: o.runs,
    warmup: o.warmup,
    createdAt: new Date().toISOString(),
    invocation: o.invocation,
    ...(earlierCases > 0 ? { earlierCases } : {}),
    machine: machineInfo(),
    engines: Object.fromEntries(engines.map((e) => [e.name, e.description])),
    cases,
  };
}

/**
 * DuckDB's answer to the same query on the same file under another budget, for a budgeted case DuckDB did not
 * finish (out of memory at 256 MB, say): every budget gives the same answer, so df-stream's is still checked.
 */
function duckdbUnderOtherBudget(cases: CaseResult[], c: CaseResult | undefined): CaseResult | undefined {
  if (!c?.budget) return undefined;
  const base = budgetBaseId(c.query, c.budget.bytes);
  return cases.find(
    (d) =>
      d.engine === 'duckdb' &&
      d.status === 'ok' &&
      d.result &&
      d.dataset === c.dataset &&
      d.budget &&
      d.query !== c.query &&
      budgetBaseId(d.query, d.budget.bytes) === base,
  );
}

function writeResult(baseName: string, result: SuiteResult): void {
  fs.mkdirSync(resultsDir, { recursive: true });
  fs.writeFileSync(path.join(resultsDir, `${baseName}.json`), `${JSON.stringify(result, null, 2)}\n`);
}

export function formatMB(kb: number): string {
  return `${Math.round((kb * 1024) / 1e6)} MB`;
}
