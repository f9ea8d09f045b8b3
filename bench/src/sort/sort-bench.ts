import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { benchRoot, repoRoot, resultsDir } from '../paths.js';
import { machineInfo } from '../run/machine-info.js';
import { median } from '../run/stats.js';
import { timedRun } from '../run/timed-run.js';

export interface SortBenchOptions {
  /** The db-benchmark group-by CSV to sort. */
  file: string;
  rows: number;
  runs: number;
  /** `128MB`: df-stream's --memory and DuckDB's memory_limit. */
  memory: string;
  threads: number;
  timeoutS: number;
  engines: readonly string[];
}

interface EngineRun {
  engine: string;
  wallS: number[];
  rssMB: number[];
  /** Rows written and a hash of the id3 and v3 fields of each line in order: the engines must agree. */
  check: string;
  failure?: string;
}

/** The order benchmarked: issue 17's `id3, v3 desc`. */
const ORDER_SQL = 'id3, v3 DESC';
const ORDER_CLI = 'id3,v3:desc';

/**
 * The sort benchmark: df-stream's `sort` command (external merge sort past --memory) beside DuckDB's
 * `COPY (... ORDER BY ...) TO` with the same memory_limit, each writing the sorted CSV to a file, one process per
 * run under GNU time (wall time, peak RSS), engines alternating. Results go to bench/results/sort-<rows>-<memory>.md.
 */
export async function runSortBench(options: SortBenchOptions): Promise<number> {
  const work = fs.mkdtempSync(path.join(path.dirname(options.file), '.sort-bench-'));
  const results: EngineRun[] = options.engines.map((engine) => ({ engine, wallS: [], rssMB: [], check: '' }));
  try {
    for (let run = 0; run < options.runs; run++) {
      for (const r of results) {
        if (r.failure !== undefined) continue;
        const out = path.join(work, `${r.engine}.csv`);
        const tmp = fs.mkdtempSync(path.join(work, `${r.engine}-tmp-`));
        const m = await timedRun(command(r.engine, options, out, tmp), options.timeoutS * 1000);
        if (m.exitCode !== 0 || m.timedOut) {
          r.failure = m.timedOut ? `timed out after ${options.timeoutS} s` : `exit ${m.exitCode}: ${errorLine(m.stderrTail)}`;
          console.log(`${r.engine} run ${run + 1}: ${r.failure}`);
          continue;
        }
        r.wallS.push(m.wallMs / 1000);
        r.rssMB.push((m.maxRssKB ?? 0) / 1024);
        if (run === 0) r.check = checkOf(out);
        fs.rmSync(out, { force: true });
        fs.rmSync(tmp, { recursive: true, force: true });
        console.log(`${r.engine} run ${run + 1}: ${(m.wallMs / 1000).toFixed(2)} s, ${((m.maxRssKB ?? 0) / 1024).toFixed(0)} MB`);
      }
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  const checks = new Set(results.filter((r) => r.failure === undefined).map((r) => r.check));
  const markdown = report(options, results, checks.size <= 1);
  fs.mkdirSync(resultsDir, { recursive: true });
  const target = path.join(resultsDir, `sort-${options.rows.toExponential().replace('+', '')}-${options.memory}.md`);
  fs.writeFileSync(target, markdown);
  console.log(`\n${markdown}\nwrote ${path.relative(repoRoot, target)}`);
  return checks.size <= 1 ? 0 : 1;
}

function command(engine: string, options: SortBenchOptions, out: string, tmp: string) {
  if (engine === 'duckdb') {
    return { argv: ['node', path.join(benchRoot, 'dist', 'sort', 'duckdb-sort.js'), options.file, out, ORDER_SQL, options.memory, String(options.threads), tmp] };
  }
  if (engine === 'df-stream-cli') {
    const bin = path.join(repoRoot, 'packages', 'cli', 'bin', 'df-stream.js');
    return {
      argv: ['node', bin, 'sort', options.file, '--by', ORDER_CLI, '--memory', options.memory, '--threads', String(options.threads), '-o', out, '-q'],
      env: { DF_STREAM_TMPDIR: tmp },
    };
  }
  throw new Error(`the sort benchmark runs duckdb and df-stream-cli, not ${engine}`);
}

/**
 * Row count and a hash of (id3, v3) per line in order; the header and number formatting aside. Read in blocks: the
 * 1e8-row output (5 GB) is past the longest string V8 makes.
 */
function checkOf(file: string): string {
  const hash = createHash('sha256');
  const fd = fs.openSync(file, 'r');
  const block = Buffer.alloc(1 << 24);
  // A character cut by a block's end is completed by the next block.
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let i3 = -1;
  let iv = -1;
  let rows = 0;
  const line = (l: string): void => {
    if (l === '') return;
    const f = l.split(',');
    if (i3 < 0) {
      i3 = f.indexOf('id3');
      iv = f.indexOf('v3');
      return;
    }
    hash.update(`${f[i3]}|${Number(f[iv])}\n`);
    rows++;
  };
  try {
    for (let n = fs.readSync(fd, block); n > 0; n = fs.readSync(fd, block)) {
      const lines = (rest + decoder.write(block.subarray(0, n))).split('\n');
      rest = lines.pop() ?? '';
      for (const l of lines) line(l);
    }
    line(rest);
  } finally {
    fs.closeSync(fd);
  }
  return `${rows} rows, ${hash.digest('hex').slice(0, 16)}`;
}

function report(options: SortBenchOptions, results: EngineRun[], agree: boolean): string {
  const m = machineInfo();
  const duck = results.find((r) => r.engine === 'duckdb' && r.failure === undefined);
  const lines = [
    `# Sort ${options.rows.toExponential()} rows by ${ORDER_SQL}, --memory ${options.memory}`,
    '',
    `File: ${path.basename(options.file)} (${(fs.statSync(options.file).size / 1e6).toFixed(0)} MB). Median of ${options.runs} runs, engines alternating; ` +
      `wall time of the whole process, peak RSS from GNU time. ${options.threads} threads for DuckDB (df-stream's sort reads on one thread).`,
    `Machine: ${m.cpuModel}, ${m.cores} cores, ${m.totalMemGB} GB, ${m.os}, Node ${m.node}, DuckDB ${m.versions['@duckdb/node-api']}.`,
    '',
    '| engine | time (s) | vs DuckDB | peak RSS (MB) | runs (s) | check |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of results) {
    if (r.failure !== undefined && r.wallS.length === 0) {
      lines.push(`| ${r.engine} | failed | | | | ${r.failure} |`);
      continue;
    }
    const t = median(r.wallS);
    const ratio = duck !== undefined ? (t / median(duck.wallS)).toFixed(2) : '—';
    lines.push(`| ${r.engine} | ${t.toFixed(2)} | ${ratio} | ${median(r.rssMB).toFixed(0)} | ${r.wallS.map((w) => w.toFixed(1)).join(', ')} | ${r.check} |`);
  }
  const finished = results.filter((r) => r.failure === undefined).length;
  const verdict =
    finished < 2
      ? 'Only one engine finished: no cross-check.'
      : agree
        ? 'The engines wrote the same rows in the same order (id3, v3).'
        : '**The engines disagree on the sorted output.**';
  lines.push('', verdict, '');
  return lines.join('\n');
}

/** The line of a failed run's stderr that says what went wrong (DuckDB's "Out of Memory Error: ..."). */
function errorLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  return (lines.find((l) => /Error/.test(l)) ?? lines[lines.length - 1] ?? '').trim().replaceAll('|', '/').slice(0, 200);
}
