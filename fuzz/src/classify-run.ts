import type { RunResult } from './run-cli.js';

/**
 * What a run did wrong. `crash`: killed by a signal, or an exit code other than 0, 1 and 2 (a V8 abort, a
 * segfault); `hang`: still running at the time limit; `memory`: past the RSS limit or V8's heap limit;
 * `stack-trace`: a stack frame on stderr (an uncaught exception exits 1, but prints its stack); `internal-error`:
 * the CLI's "internal error" (a bug by its own account); `decoder-panic`: a wasm panic ("unreachable", "decoder
 * crashed") passed on instead of what is wrong with the file; `unclean-output`: anything but one error line (and
 * a hint line; a usage error may also quote indented lines), or a line too long or with control characters to read.
 */
export type FindingKind = 'crash' | 'hang' | 'memory' | 'stack-trace' | 'internal-error' | 'decoder-panic' | 'unclean-output';

export const FINDING_KINDS: readonly FindingKind[] = ['crash', 'hang', 'memory', 'stack-trace', 'internal-error', 'decoder-panic', 'unclean-output'];

export type Verdict = { readonly ok: true; readonly exit: 0 | 1 | 2 } | { readonly ok: false; readonly kind: FindingKind; readonly detail: string };

/** A longer error line is not "one clear line" (a whole CSV field or a flatbuffer dump quoted in a message). */
const MAX_LINE = 1000;
const ERROR_LINE = /^df-stream: error: /;
const HINT_LINE = /^ {2}hint: /;
const EXCERPT_LINE = /^ {2}/;
const STACK_FRAME = /^\s+at .+(\(.*:\d+:\d+\)|:\d+:\d+)$/m;
const OUT_OF_MEMORY = /heap out of memory|Reached heap limit|Array buffer allocation failed|Allocation failed/i;
const PANIC = /unreachable|decoder crashed|RuntimeError|panicked|wasm-function/i;
// Control characters other than tab in a message: a terminal would act on them (escape sequences, carriage returns).
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding these is the point.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;

/** Sorts one run into fine (exit 0, or exit 1/2 with one clean error line) or a finding with its first clue. */
export function classifyRun(run: RunResult): Verdict {
  const stderr = run.stderr.replace(/\n$/, '');
  const lines = stderr === '' ? [] : stderr.split('\n');
  const first = lines[0] ?? '';
  // What a report quotes of the first line: a message that is the finding itself can be megabytes long.
  const clue = first.length > 300 ? `${first.slice(0, 300)}…` : first;
  if (run.timedOut) return { ok: false, kind: 'hang', detail: `still running after ${run.ms} ms` };
  if (run.overMemory) return { ok: false, kind: 'memory', detail: `peak RSS past ${run.peakRssMb} MB` };
  if (OUT_OF_MEMORY.test(stderr)) return { ok: false, kind: 'memory', detail: lines.find((l) => OUT_OF_MEMORY.test(l)) ?? clue };
  if (run.signal !== null) return { ok: false, kind: 'crash', detail: `killed by ${run.signal}: ${clue}` };
  if (STACK_FRAME.test(stderr)) return { ok: false, kind: 'stack-trace', detail: clue };
  if (run.code !== 0 && run.code !== 1 && run.code !== 2) return { ok: false, kind: 'crash', detail: `exit code ${run.code}: ${clue}` };
  if (run.code === 0) return lines.length === 0 ? { ok: true, exit: 0 } : { ok: false, kind: 'unclean-output', detail: `exit 0 with stderr: ${clue}` };
  if (!ERROR_LINE.test(first)) return { ok: false, kind: 'unclean-output', detail: `exit ${run.code} without an error line: ${clue}` };
  if (/^df-stream: error: internal error/.test(first)) return { ok: false, kind: 'internal-error', detail: clue };
  if (PANIC.test(first)) return { ok: false, kind: 'decoder-panic', detail: clue };
  // A usage error may quote what it is about under its line, indented (an expression with a caret under the spot:
  // `--by=Contact Phone` when no column has that name); anything else is one line and an optional hint.
  const extra = lines.slice(1);
  const clean = run.code === 2 ? extra.every((l) => EXCERPT_LINE.test(l)) : extra.length === 0 || (extra.length === 1 && HINT_LINE.test(extra[0]));
  if (!clean) return { ok: false, kind: 'unclean-output', detail: `${lines.length} lines on stderr: ${lines.slice(0, 3).join(' | ').slice(0, 300)}` };
  const bad = lines.find((l) => l.length > MAX_LINE || CONTROL.test(l));
  if (bad !== undefined) {
    const why = bad.length > MAX_LINE ? `a ${bad.length}-character line` : 'control characters';
    return { ok: false, kind: 'unclean-output', detail: `${why}: ${JSON.stringify(bad.slice(0, 200))}` };
  }
  return { ok: true, exit: run.code };
}
