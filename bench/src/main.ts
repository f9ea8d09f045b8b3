import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseCount } from './cli/parse-count.js';
import { columnarCopies, copyFileName, selectCopies } from './convert/columnar-copies.js';
import { defaultCityCount, generateCitiesCsv } from './generate/cities-csv.js';
import { citiesFileName, dataPath, groupbyFileName } from './generate/data-files.js';
import { logGeneration } from './generate/generation-log.js';
import { defaultSeed, generateGroupbyCsv } from './generate/groupby-csv.js';
import { dataDir, docsFile, repoRelative, resolveUserPath, resultsDir } from './paths.js';
import { writeBenchmarksDoc } from './run/benchmarks-doc.js';
import { compileBench } from './run/compile-bench.js';
import { engines, findEngine } from './run/engines.js';
import { suiteMarkdown } from './run/results-markdown.js';
import { runSuite } from './run/run-suite.js';
import { selectQueries } from './run/select-queries.js';
import { findSuite, suites } from './run/suites.js';
import { hasGnuTime } from './run/timed-run.js';
import { runSortBench } from './sort/sort-bench.js';

const usage = `usage: pnpm bench <command> [flags]

  ${suites.map((s) => s.name).join(' | ')}
      [--rows 1e7] [--runs 5] [--warmup 1] [--engines ${engines.map((e) => e.name).join(',')}]
      [--queries q1,q3] [--threads 2] [--k 100] [--nulls] [--sorted] [--cities N] [--timeout 900] [--idle-wait 60] [--slow 60]
      [--datasets ${columnarCopies.map((c) => c.id).join(',')}] [--budgets 256MB,512MB,1GB]
      [--save-results] [--fresh]          run a suite; --rows takes a list (memory, budget: 1e7,1e8); --datasets: the copies
                                          the parquet and feather suites read (default: all of the suite's format);
                                          budget: q10 at 1e7 rows, q3 at 1e8, or --queries q10,q3 at every size,
                                          --budgets a subset of the budgets
  generate groupby [--rows 1e7] [--k 100] [--nulls] [--sorted] [--dates] [--seed 108] [--out FILE]
  generate cities  [--rows 1e7] [--cities ${defaultCityCount}] [--delimiter ';'] [--seed 108] [--out FILE]
  convert [--rows 1e7] [--k 100] [--formats parquet,feather]   (re)write the columnar copies: Parquet by DuckDB and
                                         by Polars, Feather by Polars (LargeUtf8, Utf8View); --formats also takes ids
  sort [--rows 1e7] [--runs 3] [--memory 128MB] [--engines duckdb,df-stream-cli]
                                         sort the group-by CSV by id3, v3 desc, to a file
  docs                                   rewrite docs/benchmarks.md from bench/results/*.json`;

const options = {
  rows: { type: 'string' },
  runs: { type: 'string' },
  warmup: { type: 'string', default: '1' },
  engines: { type: 'string' },
  queries: { type: 'string' },
  datasets: { type: 'string' },
  budgets: { type: 'string' },
  threads: { type: 'string', default: '2' },
  k: { type: 'string', default: '100' },
  nulls: { type: 'boolean', default: false },
  sorted: { type: 'boolean', default: false },
  dates: { type: 'boolean', default: false },
  seed: { type: 'string', default: String(defaultSeed) },
  cities: { type: 'string' },
  delimiter: { type: 'string', default: ';' },
  out: { type: 'string' },
  formats: { type: 'string', default: 'parquet,feather' },
  timeout: { type: 'string', default: '900' },
  'idle-wait': { type: 'string', default: '60' },
  slow: { type: 'string', default: '60' },
  memory: { type: 'string' },
  'save-results': { type: 'boolean', default: false },
  fresh: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  const [command, sub] = positionals;
  if (!command || values.help || command === 'help') {
    console.log(usage);
    return command ? 0 : 2;
  }
  const k = parseCount(values.k, 'k');
  const nullPct = values.nulls ? 5 : 0;
  const seed = Number(values.seed);
  const threads = parseCount(values.threads, 'threads');

  if (command === 'generate') {
    const rows = parseCount(values.rows ?? '1e7', 'rows');
    fs.mkdirSync(dataDir, { recursive: true });
    if (sub === 'groupby') {
      const out = values.out ? resolveUserPath(values.out) : dataPath(groupbyFileName({ rows, k, nullPct, sorted: values.sorted, dates: values.dates }));
      logGeneration('groupby csv', await generateGroupbyCsv({ path: out, rows, k, nullPct, sorted: values.sorted, dates: values.dates, seed }));
      return 0;
    }
    if (sub === 'cities') {
      const cities = values.cities ? parseCount(values.cities, 'cities') : defaultCityCount;
      const delimiter = values.delimiter === ',' ? ',' : ';';
      const out = values.out ? resolveUserPath(values.out) : dataPath(citiesFileName(rows, cities, delimiter));
      logGeneration('cities csv', await generateCitiesCsv({ path: out, rows, cities, delimiter, seed }));
      return 0;
    }
    console.error(`generate what? groupby or cities\n\n${usage}`);
    return 2;
  }

  if (command === 'convert') {
    const rows = parseCount(values.rows ?? '1e7', 'rows');
    const csv = dataPath(groupbyFileName({ rows, k, nullPct, sorted: values.sorted }));
    if (!fs.existsSync(csv)) {
      logGeneration('groupby csv', await generateGroupbyCsv({ path: csv, rows, k, nullPct, sorted: values.sorted, seed }));
    }
    for (const copy of selectCopies(values.formats.split(','))) {
      const out = dataPath(copyFileName({ rows, k, nullPct, sorted: values.sorted }, copy));
      logGeneration(copy.name, await copy.write(csv, out, threads));
    }
    return 0;
  }

  if (command === 'sort') {
    const rows = parseCount(values.rows ?? '1e7', 'rows');
    const file = dataPath(groupbyFileName({ rows, k, nullPct, sorted: values.sorted }));
    if (!fs.existsSync(file)) logGeneration('groupby csv', await generateGroupbyCsv({ path: file, rows, k, nullPct, sorted: values.sorted, seed }));
    compileBench();
    return runSortBench({
      file,
      rows,
      runs: parseCount(values.runs ?? '3', 'runs'),
      memory: values.memory ?? '128MB',
      threads,
      timeoutS: parseCount(values.timeout, 'timeout'),
      engines: values.engines?.split(',') ?? ['duckdb', 'df-stream-cli'],
    });
  }

  if (command === 'docs') {
    writeBenchmarksDoc();
    console.log(`wrote ${repoRelative(docsFile)}`);
    return 0;
  }

  const suite = findSuite(command);
  if (!suite) {
    console.error(`unknown command "${command}"\n\n${usage}`);
    return 2;
  }
  if (!hasGnuTime) console.warn('warning: /usr/bin/time not found; peak RSS will not be measured');
  const rowsList = (values.rows ?? suite.defaultRows.join(',')).split(',').map((r) => parseCount(r, 'rows'));
  const engineList = (values.engines?.split(',') ?? suite.defaultEngines ?? engines.map((e) => e.name)).map(findEngine);
  // Unknown queries and budgets fail here, before any compiling or generating.
  const queriesAt = new Map(rowsList.map((rows) => [rows, selectQueries(suite, rows, values.queries, values.budgets)]));
  const datasets = values.datasets?.split(',');
  if (datasets && suite.format === 'csv') throw new Error(`--datasets picks the copies of the parquet and feather suites; ${suite.name} reads CSV`);
  // Unknown ids fail here, before any compiling or converting.
  if (datasets) selectCopies(datasets, suite.format);
  compileBench();
  let mismatches = 0;
  for (const rows of rowsList) {
    const result = await runSuite({
      suite,
      rows,
      k,
      nullPct,
      sorted: values.sorted,
      cities: values.cities ? parseCount(values.cities, 'cities') : undefined,
      runs: parseCount(values.runs ?? String(suite.defaultRuns), 'runs'),
      warmup: parseCount(values.warmup, 'warmup'),
      threads,
      engines: engineList,
      queries: queriesAt.get(rows) ?? [],
      datasets,
      timeoutS: parseCount(values.timeout, 'timeout'),
      idleWaitS: parseCount(values['idle-wait'], 'idle-wait'),
      slowS: parseCount(values.slow, 'slow'),
      saveResults: values['save-results'],
      merge: !values.fresh,
      invocation: `pnpm bench ${argv.join(' ')}`,
    });
    console.log(`\n${suiteMarkdown(result, 3)}`);
    console.log(`wrote ${repoRelative(path.join(resultsDir, `${result.name}.json`))} and .md`);
    mismatches += result.cases.filter((c) => c.check?.status === 'mismatch').length;
  }
  writeBenchmarksDoc();
  console.log(`wrote ${repoRelative(docsFile)}`);
  if (mismatches > 0) {
    console.error(`\n!!! ${mismatches} result mismatch(es); see the tables above`);
    return 1;
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
