import { FINDING_KINDS } from './classify-run.js';
import { type FuzzReport, hexDump, shortArg } from './run-fuzz.js';

/** The figures of a run, then each distinct finding with its minimised bytes. */
export function formatReport(r: FuzzReport): string {
  const kinds = FINDING_KINDS.filter((k) => r.byKind[k] > 0).map((k) => `${k} ${r.byKind[k]}`);
  const lines = [
    `seed ${r.seed}, ${r.seconds} s: ${r.executions} executions of ${r.mutants} mutants from ${r.seeds} seed files, ${r.perSecond} executions/s`,
    `clean outcomes: exit 0 ${r.exits[0]}, exit 1 ${r.exits[1]}, exit 2 ${r.exits[2]}; slow (finished on a second, longer try) ${r.slow}`,
    `findings by kind (runs): ${kinds.length === 0 ? 'none' : kinds.join(', ')}; distinct findings: ${r.findings.length}`,
  ];
  for (const f of r.findings) {
    lines.push('', `${f.kind} in df-stream ${f.args.map(shortArg).join(' ')} (${f.runs} run(s)), mutant ${f.mutant} of ${f.seed}: ${f.ops.join('; ')}`);
    lines.push(`  ${f.detail}`);
    lines.push(`  minimised from ${f.originalBytes} to ${f.bytes.length} bytes${f.savedAs === undefined ? '' : `, saved as ${f.savedAs}`}`);
    lines.push(hexDump(f.bytes, 256));
  }
  return lines.join('\n');
}
