import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { classifyRun, FINDING_KINDS, type FindingKind, type Verdict } from './classify-run.js';
import { corpusSeeds } from './corpus-seeds.js';
import { makeSeeds } from './make-seeds.js';
import { minimise } from './minimise.js';
import { mutate } from './mutate.js';
import { type RunLimits, type RunResult, runCli } from './run-cli.js';
import type { Seed, SeedFormat } from './seed.js';
import { SeededRandom } from './seeded-random.js';

/** The `df-stream` command of this checkout (its compiled dist/: `pnpm build` first). */
export const DEFAULT_BIN = fileURLToPath(new URL('../../packages/cli/bin/df-stream.js', import.meta.url));
/** Where findings are saved: fuzz/findings/ (gitignored). */
export const DEFAULT_FINDINGS = fileURLToPath(new URL('../findings', import.meta.url));

export interface FuzzOptions {
  readonly seconds: number;
  readonly seed: number;
  /** Child processes at a time (each one mutant's runs, one after another). */
  readonly jobs: number;
  readonly limits: RunLimits;
  /** The shared corpora folder; absent is fine (generated seeds only). */
  readonly corpora: string;
  /** Where minimised findings are written; undefined: not written. */
  readonly findingsDir: string | undefined;
  /** Replay this one mutant (its runs printed one by one, its file kept in `findingsDir`) instead of fuzzing. */
  readonly only?: number;
  /** Only seeds of these formats (all when undefined). */
  readonly formats?: readonly SeedFormat[];
  /** Seconds of delta debugging per distinct finding (0: none). */
  readonly minimiseSeconds: number;
  readonly bin: string;
  readonly log: (line: string) => void;
}

/** The three commands each mutant goes through: the first rows, a whole-file group-by (on worker threads), the schema. */
export type CommandName = 'head' | 'agg' | 'schema';
const COMMANDS: readonly CommandName[] = ['head', 'agg', 'schema'];

export interface Finding {
  readonly kind: FindingKind;
  readonly command: CommandName;
  /** The command line, with FILE for the mutant. */
  readonly args: readonly string[];
  readonly seed: string;
  readonly mutant: number;
  readonly ops: readonly string[];
  readonly detail: string;
  readonly originalBytes: number;
  /** The smallest input found that gives the same kind of finding (the mutant itself without minimising). */
  readonly bytes: Uint8Array;
  /** Runs that gave this finding (same kind, command, format and message shape). */
  readonly runs: number;
  readonly savedAs?: string;
}

export interface FuzzReport {
  readonly seed: number;
  readonly seconds: number;
  readonly seeds: number;
  readonly mutants: number;
  readonly executions: number;
  readonly perSecond: number;
  /** Runs by clean outcome: exit 0, 1 (a data or io error), 2 (a usage error, e.g. a mutated column name). */
  readonly exits: Readonly<Record<0 | 1 | 2, number>>;
  /** Runs past the time limit that finished under three times the limit when run again: slow, not hung. */
  readonly slow: number;
  /** Runs by finding kind (every run, not only distinct findings). */
  readonly byKind: Readonly<Record<FindingKind, number>>;
  /** Distinct findings, minimised. */
  readonly findings: readonly Finding[];
}

interface RawFinding {
  kind: FindingKind;
  command: CommandName;
  args: string[];
  seed: Seed;
  mutant: number;
  ops: readonly string[];
  detail: string;
  bytes: Uint8Array;
  runs: number;
}

/**
 * Seeded mutation fuzzing of the `df-stream` command: for `seconds`, mutant after mutant of the seed files goes
 * through `head`, `agg` and `schema` in child processes with a time and memory limit, `jobs` at a time. Mutant
 * `i` of seed `S` is the same on every machine. Findings are grouped by kind, command, format and the shape of
 * their message, and the first of each group is minimised and saved.
 */
export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  if (!existsSync(options.bin.replace(/bin[/\\]df-stream\.js$/, 'dist/main.js'))) {
    throw new Error(`${options.bin} has no build to run: run pnpm build first`);
  }
  const seeds = [...(await makeSeeds()), ...(await corpusSeeds(options.corpora, options.log))].filter(
    (s) => options.formats === undefined || options.formats.includes(s.format),
  );
  const generated = seeds.filter((s) => s.name.startsWith('generated/'));
  const corpus = seeds.filter((s) => !s.name.startsWith('generated/'));
  options.log(`seed ${options.seed}: ${generated.length} generated seed files, ${corpus.length} from the corpora; ${options.jobs} jobs, ${options.seconds} s`);
  const work = await mkdtemp(join(tmpdir(), 'df-stream-fuzz-'));
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  const exits = { 0: 0, 1: 0, 2: 0 };
  const byKind = Object.fromEntries(FINDING_KINDS.map((k) => [k, 0])) as Record<FindingKind, number>;
  const groups = new Map<string, RawFinding>();
  const firstColumns = new Map<string, string>();
  let next = 0;
  let mutants = 0;
  let executions = 0;
  let slow = 0;
  let lastReport = started;

  const runJudged = async (args: readonly string[]): Promise<{ run: RunResult; verdict: Verdict }> => {
    const run = await runCli(options.bin, args, options.limits);
    executions++;
    let verdict = classifyRun(run);
    if (!verdict.ok && verdict.kind === 'hang') {
      // A busy machine (CI runs test files side by side) can stall a run: a hang must hang again with more time.
      const again = await runCli(options.bin, args, { ...options.limits, timeMs: options.limits.timeMs * 3 });
      const second = classifyRun(again);
      if (second.ok || second.kind !== 'hang') {
        slow++;
        options.log(`slow: df-stream ${args.join(' ')} ran past ${options.limits.timeMs} ms once, then took ${again.ms} ms`);
        verdict = second;
        return { run: again, verdict };
      }
    }
    return { run, verdict };
  };

  const job = async (): Promise<void> => {
    while (options.only === undefined ? performance.now() < deadline : next === 0) {
      const index = options.only ?? next;
      next++;
      const rng = SeededRandom.forMutant(options.seed, index);
      // Half the mutants come from the generated seeds, whatever the size of the corpora.
      const seed = corpus.length === 0 || (generated.length > 0 && rng.chance(0.5)) ? rng.pick(generated) : rng.pick(corpus);
      const mutant = mutate(seed, rng);
      const file = join(work, `m${index}${seed.ext}`);
      await writeFile(file, mutant.bytes);
      mutants++;
      if (options.only !== undefined) {
        options.log(`mutant ${index} of ${seed.name} (${mutant.bytes.length} bytes): ${mutant.ops.join('; ')}`);
        if (options.findingsDir !== undefined) {
          await mkdir(options.findingsDir, { recursive: true });
          await writeFile(join(options.findingsDir, `mutant-seed${options.seed}-${index}${seed.ext}`), mutant.bytes);
        }
      }
      for (const command of COMMANDS) {
        const found = firstColumns.get(`m${index}`) ?? firstColumns.get(seed.name);
        // A name with a NUL byte cannot be a command-line argument.
        const column = found !== undefined && !found.includes('\0') ? found : (seed.firstColumn ?? 'id');
        const args = commandArgs(command, file, column);
        const { run, verdict } = await runJudged(args);
        if (options.only !== undefined)
          options.log(
            `  ${command}: ${verdict.ok ? `exit ${verdict.exit}` : verdict.kind} in ${run.ms} ms, peak RSS ${run.peakRssMb} MB: ${run.stderr.split('\n')[0].replaceAll(file, 'FILE')}`,
          );
        if (verdict.ok) {
          exits[verdict.exit]++;
          if (command === 'head' && verdict.exit === 0) {
            const first = firstCsvField(run.stdout);
            if (first !== undefined) {
              firstColumns.set(`m${index}`, first);
              if (!firstColumns.has(seed.name)) firstColumns.set(seed.name, first);
            }
          }
          continue;
        }
        byKind[verdict.kind]++;
        const key = `${verdict.kind}|${command}|${seed.format}|${shape(verdict.detail, file)}`;
        const group = groups.get(key);
        if (group !== undefined) group.runs++;
        else {
          groups.set(key, {
            kind: verdict.kind,
            command,
            args,
            seed,
            mutant: index,
            ops: mutant.ops,
            detail: verdict.detail.replaceAll(file, 'FILE'),
            bytes: mutant.bytes,
            runs: 1,
          });
          options.log(`finding: ${verdict.kind} in ${command} of mutant ${index} (${seed.name}: ${mutant.ops.join('; ')}): ${verdict.detail.replaceAll(file, 'FILE')}`);
        }
      }
      firstColumns.delete(`m${index}`);
      await rm(file, { force: true });
      if (performance.now() - lastReport > 15_000) {
        lastReport = performance.now();
        const s = (lastReport - started) / 1000;
        options.log(`${Math.round(s)} s: ${executions} executions (${(executions / s).toFixed(1)}/s), ${summarise(byKind)}`);
      }
    }
  };

  try {
    await Promise.all(Array.from({ length: options.only === undefined ? options.jobs : 1 }, job));
    const seconds = (performance.now() - started) / 1000;
    const findings: Finding[] = [];
    for (const raw of groups.values()) findings.push(await settle(raw, options, work));
    return {
      seed: options.seed,
      seconds: Math.round(seconds),
      seeds: seeds.length,
      mutants,
      executions,
      perSecond: Math.round((executions / seconds) * 10) / 10,
      exits,
      slow,
      byKind,
      findings,
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function commandArgs(command: CommandName, file: string, column: string): string[] {
  if (command === 'head') return ['head', file, '-n', '5', '--format', 'csv'];
  // Two threads: a multi-row-group Parquet file is read by workers, so errors cross threads as they do on big files.
  if (command === 'agg') return ['agg', file, `--by=${column}`, '--threads', '2'];
  return ['schema', file];
}

/** The first field of CSV text (the first column's name in `head --format csv` output). */
function firstCsvField(csv: string): string | undefined {
  if (csv === '') return undefined;
  if (!csv.startsWith('"')) return /^[^,\n\r]*/.exec(csv)?.[0];
  let out = '';
  for (let i = 1; i < csv.length; i++) {
    if (csv[i] !== '"') out += csv[i];
    else if (csv[i + 1] === '"') out += csv[i++];
    else return out;
  }
  return undefined;
}

/** A message without its file name and numbers: runs that differ only in an offset or a count are one finding. */
function shape(detail: string, file: string): string {
  return detail.replaceAll(file, 'FILE').replace(/\d+/g, '#').slice(0, 160);
}

function summarise(byKind: Record<FindingKind, number>): string {
  const found = FINDING_KINDS.filter((k) => byKind[k] > 0).map((k) => `${k} ${byKind[k]}`);
  return found.length === 0 ? 'no findings' : `findings: ${found.join(', ')}`;
}

/** Minimises a finding (same kind from the same command) and writes it, with what made it, to the findings folder. */
async function settle(raw: RawFinding, options: FuzzOptions, work: string): Promise<Finding> {
  let bytes = raw.bytes;
  if (options.minimiseSeconds > 0) {
    let tries = 0;
    const stillFails = async (candidate: Uint8Array): Promise<boolean> => {
      const file = join(work, `min${tries++}${raw.seed.ext}`);
      await writeFile(file, candidate);
      try {
        const verdict = classifyRun(
          await runCli(
            options.bin,
            raw.args.map((a) => (a === raw.args[1] ? file : a)),
            options.limits,
          ),
        );
        return !verdict.ok && verdict.kind === raw.kind;
      } finally {
        await rm(file, { force: true });
      }
    };
    bytes = await minimise(raw.bytes, stillFails, options.jobs, performance.now() + options.minimiseSeconds * 1000);
    options.log(`minimised the ${raw.kind} in ${raw.command} of mutant ${raw.mutant} from ${raw.bytes.length} to ${bytes.length} bytes (${tries} runs)`);
  }
  let savedAs: string | undefined;
  if (options.findingsDir !== undefined) {
    await mkdir(options.findingsDir, { recursive: true });
    const base = join(options.findingsDir, `${raw.kind}-${raw.command}-seed${options.seed}-mutant${raw.mutant}`);
    savedAs = `${base}${raw.seed.ext}`;
    await writeFile(savedAs, bytes);
    const about = [
      `kind: ${raw.kind}`,
      `command: df-stream ${raw.args.map((a) => (a === raw.args[1] ? savedAs : shortArg(a))).join(' ')}`,
      `detail: ${raw.detail}`,
      `seed file: ${raw.seed.name}`,
      `mutant ${raw.mutant} of --seed ${options.seed}: ${raw.ops.join('; ')}`,
      `runs with this finding: ${raw.runs}`,
      `bytes: ${raw.bytes.length}, minimised: ${bytes.length}`,
      '',
      hexDump(bytes, 4096),
    ];
    await writeFile(`${base}.txt`, `${about.join('\n')}\n`);
  }
  return {
    kind: raw.kind,
    command: raw.command,
    args: raw.args.map((a) => (a === raw.args[1] ? 'FILE' : a)),
    seed: raw.seed.name,
    mutant: raw.mutant,
    ops: raw.ops,
    detail: raw.detail,
    originalBytes: raw.bytes.length,
    bytes,
    runs: raw.runs,
    ...(savedAs === undefined ? {} : { savedAs }),
  };
}

/** An argument as a report shows it: a first column's name (`--by=...`) can be 300,000 characters. */
export function shortArg(arg: string): string {
  return arg.length > 100 ? `${arg.slice(0, 100)}…(${arg.length} characters)` : arg;
}

/** `offset  hex bytes  |ascii|`, 16 bytes a line, the first `limit` bytes. */
export function hexDump(bytes: Uint8Array, limit: number): string {
  const lines: string[] = [];
  for (let at = 0; at < Math.min(bytes.length, limit); at += 16) {
    const row = bytes.subarray(at, Math.min(at + 16, bytes.length, limit));
    const hex = Array.from(row, (b) => b.toString(16).padStart(2, '0')).join(' ');
    const ascii = Array.from(row, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${at.toString(16).padStart(8, '0')}  ${hex.padEnd(47)}  |${ascii}|`);
  }
  if (bytes.length > limit) lines.push(`... ${bytes.length - limit} more bytes`);
  return lines.join('\n');
}
