import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_CORPORA } from './corpus-seeds.js';
import { formatReport } from './format-report.js';
import { DEFAULT_BIN, DEFAULT_FINDINGS, runFuzz } from './run-fuzz.js';
import { SEED_FORMATS, type SeedFormat } from './seed.js';

const HELP = `pnpm fuzz [--seconds N] [--seed S] [options]

Seeded mutation fuzzing of the df-stream command (run pnpm build first): mutants of CSV, Parquet and Feather seed
files go through 'head', 'agg' and 'schema' in child processes. A crash, hang, stack trace, internal error,
decoder panic, memory past the limit or anything but one clean error line is a finding: it is minimised and
saved under fuzz/findings/. Exit code 1 when there are findings.

Options:
  --seconds N          how long to make new mutants (default 60)
  --seed S             the seed of the mutants (default: random, printed; the same seed makes the same mutants)
  --jobs N             child processes at a time (default: the core count)
  --time-limit S       seconds a run may take (default 10; a run past it gets three times as long once more)
  --memory-limit MB    peak RSS of a run (default 1024); V8's heap is capped at half of it
  --minimise-seconds S delta debugging time per distinct finding (default 120; 0: off)
  --corpora DIR        the shared corpora (default ../shared/corpora; absent: generated seeds only)
  --findings DIR       where findings are saved (default fuzz/findings)
  --formats LIST       only seeds of these formats: csv, parquet, feather, arrow-stream (default: all)
  --mutant N           replay mutant N of --seed S (same --formats): its runs one by one, its file kept`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '60' },
      seed: { type: 'string' },
      jobs: { type: 'string' },
      'time-limit': { type: 'string', default: '10' },
      'memory-limit': { type: 'string', default: '1024' },
      'minimise-seconds': { type: 'string', default: '120' },
      corpora: { type: 'string', default: DEFAULT_CORPORA },
      findings: { type: 'string', default: DEFAULT_FINDINGS },
      formats: { type: 'string' },
      mutant: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help === true) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const memory = positive(values['memory-limit'], '--memory-limit');
  const report = await runFuzz({
    seconds: positive(values.seconds, '--seconds'),
    seed: values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : positive(values.seed, '--seed', true),
    jobs: values.jobs === undefined ? availableParallelism() : positive(values.jobs, '--jobs'),
    limits: { timeMs: positive(values['time-limit'], '--time-limit') * 1000, rssMb: memory, heapMb: Math.round(memory / 2) },
    corpora: resolve(process.env.INIT_CWD ?? process.cwd(), values.corpora),
    findingsDir: resolve(process.env.INIT_CWD ?? process.cwd(), values.findings),
    minimiseSeconds: positive(values['minimise-seconds'], '--minimise-seconds', true),
    formats: values.formats === undefined ? undefined : formatList(values.formats),
    only: values.mutant === undefined ? undefined : positive(values.mutant, '--mutant', true),
    bin: DEFAULT_BIN,
    log: (line) => process.stdout.write(`${line}\n`),
  });
  process.stdout.write(`${formatReport(report)}\n`);
  return report.findings.length === 0 ? 0 : 1;
}

function formatList(text: string): SeedFormat[] {
  const formats = text.split(',');
  const unknown = formats.find((f) => !(SEED_FORMATS as readonly string[]).includes(f));
  if (unknown !== undefined) throw new Error(`--formats takes ${SEED_FORMATS.join(', ')}, not '${unknown}'`);
  return formats as SeedFormat[];
}

function positive(text: string, flag: string, zeroOk = false): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < (zeroOk ? 0 : 1)) throw new Error(`${flag} takes a whole number${zeroOk ? '' : ' above 0'}, not '${text}'`);
  return n;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`fuzz: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
