import { formatSci } from '../cli/format-sci.js';
import { budgetBaseId, budgetText } from '../queries/budget-sizes.js';
import { sameFileGroups } from './same-file-groups.js';
import type { CaseResult, SuiteResult } from './suite-result.js';
import { findSuite } from './suites.js';

export function seconds(ms: number): string {
  const s = ms / 1000;
  return s < 10 ? `${s.toFixed(2)} s` : `${s.toFixed(1)} s`;
}

export function megabytes(kb: number): string {
  const mb = (kb * 1024) / 1e6;
  return mb < 10_000 ? `${Math.round(mb)} MB` : `${(mb / 1000).toFixed(1)} GB`;
}

function busyBefore(c: CaseResult): string {
  const values = c.runs.map((r) => r.cpuBusyBefore).filter((v): v is number => typeof v === 'number');
  return values.length === 0 ? '' : `${Math.round(Math.max(...values) * 100)}%`;
}

function ratio(value: number | undefined): string {
  return value === undefined ? '' : `${value.toFixed(2)}×`;
}

/** One table cell of the overview: "1.21 s, 230 MB", or why there is no number, with a mismatch impossible to miss. */
function cell(c: CaseResult | undefined): string {
  if (!c || c.status === 'unsupported') return '—';
  if (c.status === 'unavailable') return 'n/a';
  if (c.status === 'failed') return '**failed**';
  const text = `${c.medianWallMs === undefined ? '?' : seconds(c.medianWallMs)}, ${c.peakRssKB === undefined ? '?' : megabytes(c.peakRssKB)}`;
  if (c.check?.status === 'mismatch') return `**⚠ WRONG RESULT** ${text}`;
  return c.check?.status === 'partial' ? `${text} †` : text;
}

export function suiteHeading(result: SuiteResult): string {
  const variant = [result.k !== 100 ? `K=${result.k}` : '', result.nullPct ? `${result.nullPct}% nulls` : '', result.sorted ? 'sorted' : ''].filter(Boolean);
  return `${result.suite}, ${formatSci(result.rows)} rows${variant.length ? ` (${variant.join(', ')})` : ''}`;
}

/** "q1 sum v1 by id1", with the file it read in a suite of several copies ("q1 sum v1 by id1, parquet (polars)"). */
function caseLabel(c: Pick<CaseResult, 'query' | 'title' | 'dataset'>): string {
  return `${c.query} ${c.title}${c.dataset ? `, ${c.dataset}` : ''}`;
}

/**
 * The Markdown for one result file: an overview (query and file × engine: median wall time, peak RSS), a detail
 * table with throughput and ratios to DuckDB on the same file, the checks, and the exact commands.
 */
export function suiteMarkdown(result: SuiteResult, level = 2): string {
  const h = '#'.repeat(level);
  const engineNames = [...new Set(result.cases.map((c) => c.engine))].filter((name) => result.cases.some((c) => c.engine === name && c.status !== 'unsupported'));
  const groups = sameFileGroups(result.cases);
  const find = (q: string, d: string | undefined, e: string) => result.cases.find((c) => c.query === q && c.dataset === d && c.engine === e);
  const files = [...new Map(result.cases.map((c) => [c.file, { bytes: c.fileBytes, dataset: c.dataset }])).entries()];
  const fileText = ([f, { bytes, dataset }]: (typeof files)[number]) => `\`${f}\` (${dataset ? `${dataset}, ` : ''}${(bytes / 1e6).toFixed(0)} MB)`;
  const lines: string[] = [];
  lines.push(`${h} ${suiteHeading(result)}: ${result.title}`, '');
  lines.push(
    `Files: ${files.map(fileText).join(', ')}. ` +
      `Median of ${result.runs} run${result.runs === 1 ? '' : 's'} after ${result.warmup} warm-up (one run for a case ` +
      `slower than \`--slow\`), each engine a separate ` +
      `process${findSuite(result.suite)?.alternate ? ', the engines taking turns run by run' : ''}, ${result.threads} threads for DuckDB and Polars. Wall time is the whole process; RSS is the peak ` +
      `(\`/usr/bin/time -v\`) over the runs; "in-process" is query start to result, without start-up; "busy before" is the ` +
      `highest share of the CPUs other processes used in the half second before a run (the runner waits up to ` +
      `\`--idle-wait\` seconds for it to fall under 25%; a higher figure means that case was disturbed). ` +
      `Measured ${result.createdAt.slice(0, 10)}.`,
    '',
  );
  if (findSuite(result.suite)?.budgetTable) {
    lines.push(...budgetTable(result));
  } else {
    lines.push(`| query | ${engineNames.join(' | ')} |`, `| --- | ${engineNames.map(() => '---').join(' | ')} |`);
    for (const { query, dataset } of groups) {
      const first = result.cases.find((c) => c.query === query && c.dataset === dataset);
      const label = first ? caseLabel(first) : query;
      lines.push(`| ${label} | ${engineNames.map((e) => cell(find(query, dataset, e))).join(' | ')} |`);
    }
    lines.push('');
  }
  lines.push(
    '| query | engine | median | runs | min – max | peak RSS | MB/s | time / DuckDB | RSS / DuckDB | in-process | busy before | check |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  );
  for (const c of result.cases) {
    if (c.status !== 'ok') continue;
    const walls = c.runs.map((r) => r.wallMs);
    // The budget suite's checks say what they were against (DuckDB under another budget) or why there was none.
    const said = c.check?.detail && (c.check.status === 'ok' || c.check.status === 'unchecked') ? `, ${c.check.detail}` : '';
    const check = c.check?.status === 'mismatch' ? `**⚠ MISMATCH**: ${c.check.detail}` : `${c.check?.status ?? ''}${said}`;
    lines.push(
      `| ${c.query}${c.dataset ? `, ${c.dataset}` : ''} | ${c.engine} | ${c.medianWallMs === undefined ? '' : seconds(c.medianWallMs)} | ${c.runs.length} | ` +
        `${walls.length ? `${seconds(Math.min(...walls))} – ${seconds(Math.max(...walls))}` : ''} | ` +
        `${c.peakRssKB === undefined ? '' : megabytes(c.peakRssKB)} | ${c.mbPerS === undefined ? '' : c.mbPerS.toFixed(0)} | ` +
        `${ratio(c.timeVsDuckdb)} | ${ratio(c.rssVsDuckdb)} | ` +
        `${c.medianQueryMs === undefined ? '' : seconds(c.medianQueryMs)} | ${busyBefore(c)} | ${check} |`,
    );
  }
  lines.push('');
  const notes = result.cases.filter((c) => c.status === 'unavailable' || c.status === 'failed' || c.check?.status === 'partial');
  if (notes.length > 0) {
    lines.push('Notes:', '');
    for (const c of notes) {
      const why = c.status === 'ok' ? `† partial check, ${c.check?.detail}` : `${c.status === 'failed' ? 'failed' : 'not available'}: ${c.reason}`;
      lines.push(`- ${c.engine} on ${c.query}${c.dataset ? ` (${c.dataset})` : ''}: ${why.replaceAll('|', '\\|')}`);
    }
    lines.push('');
  }
  const earlier = result.earlierCases ?? 0;
  const ran =
    earlier > 0
      ? `\`${result.invocation}\` ran ${result.cases.length - earlier} of the ${result.cases.length} cases; the others come from earlier runs, each case's date is in its \`measuredAt\` in the JSON`
      : `\`${result.invocation}\` ran them all`;
  lines.push(`Commands (from the repo root; ${ran}):`, '', '```sh');
  // One command per engine, and per copy in a suite that reads several (the commands differ only in --file).
  const shown = new Set<string>();
  for (const c of result.cases) {
    const key = `${c.engine}\0${c.dataset ?? ''}`;
    if (!c.command || shown.has(key)) continue;
    shown.add(key);
    lines.push(c.command);
  }
  lines.push('```', '');
  return lines.join('\n');
}

/**
 * The memory table of the budget suite (issue 20): per budgeted case, time and peak RSS beside the budget and
 * df-stream's floor, whether peak RSS stayed within budget + floor, and the bytes spilled.
 */
function budgetTable(result: SuiteResult): string[] {
  const lines = [
    "Budget: df-stream's `--memory`, DuckDB's `memory_limit` (decimal units, the same bytes for both; DuckDB spills to a " +
      "fresh `temp_directory` in the OS temp directory, as df-stream's spill files go there). Floor: the process's RSS " +
      "when df-stream's job started (Node, V8 and loaded code), from the CLI's last `--progress json` event, median over " +
      "the runs. Within bound: every run's peak RSS (GNU time) was at most the budget plus that run's floor. Spilled " +
      "bytes: what df-stream wrote to spill files (median); DuckDB's are not reported. df-stream prints its result to a " +
      'file; DuckDB keeps it in a temp table, as in the other suites; both are checked by row count and column totals ' +
      "(df-stream's against DuckDB's answer under another budget where DuckDB did not finish under this one).",
    '',
    '| query | budget | engine | time (median) | peak RSS | floor | budget + floor | within bound | spilled bytes |',
    '| --- | ---: | --- | ---: | ---: | ---: | ---: | --- | ---: |',
  ];
  const mb = (bytes: number) => megabytes(bytes / 1024);
  for (const c of result.cases) {
    if (c.status === 'unsupported' || !c.budget) continue;
    const { bytes, floorBytes, spilledBytes, withinBound } = c.budget;
    const query = budgetBaseId(c.query, bytes);
    let time = c.status === 'failed' ? '**failed**' : c.status === 'unavailable' ? 'n/a' : c.medianWallMs === undefined ? '?' : seconds(c.medianWallMs);
    if (c.check?.status === 'mismatch') time = `**⚠ WRONG RESULT** ${time}`;
    const reported = floorBytes !== undefined;
    lines.push(
      `| ${query} | ${budgetText(bytes)} | ${c.engine} | ${time} | ${c.peakRssKB === undefined ? '' : megabytes(c.peakRssKB)} | ` +
        `${reported ? mb(floorBytes) : '—'} | ${reported ? mb(bytes + floorBytes) : '—'} | ` +
        `${withinBound === undefined ? '—' : withinBound ? 'yes' : '**no**'} | ${spilledBytes === undefined ? 'n/a' : mb(spilledBytes)} |`,
    );
  }
  lines.push('');
  return lines;
}
