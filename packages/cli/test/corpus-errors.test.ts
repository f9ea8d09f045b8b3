import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type CliResult, runCliAsync } from './run-cli.js';

const corpora = fileURLToPath(new URL('../../../../shared/corpora', import.meta.url));
const present = existsSync(corpora);
if (!present) console.log(`skipped: corpora not found at ${corpora}`);

function files(dir: string, keep: (name: string) => boolean = () => true): string[] {
  const full = join(corpora, dir);
  return existsSync(full)
    ? readdirSync(full)
        .filter(keep)
        .map((n) => join(full, n))
    : [];
}

/** Runs `head` on every file, four at a time. */
async function headAll(paths: readonly string[]): Promise<[string, CliResult][]> {
  const out: [string, CliResult][] = [];
  for (let i = 0; i < paths.length; i += 4) {
    const batch = paths.slice(i, i + 4);
    const results = await Promise.all(batch.map((f) => runCliAsync(['head', f, '-n', '3', '--format', 'csv'])));
    batch.forEach((f, j) => out.push([f, results[j]]));
  }
  return out;
}

/** Every malformed file reaches the user as one line (plus at most a hint), exit 1, never a crash. */
function expectCleanOutcome(file: string, r: CliResult): void {
  const lines = r.stderr.trim() === '' ? [] : r.stderr.trim().split('\n');
  expect([0, 1], `${file}: exit ${r.code}\n${r.stderr}`).toContain(r.code);
  if (r.code === 1) {
    expect(lines.length, r.stderr).toBeGreaterThanOrEqual(1);
    expect(lines.length, r.stderr).toBeLessThanOrEqual(2);
    expect(lines[0], r.stderr).toMatch(/^df-stream: error: /);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  }
}

describe.skipIf(!present)('corpus files through the CLI', () => {
  it('Parquet bad_data and the truncated dictionary file give one-line errors', async () => {
    const bad = [...files('parquet-testing/bad_data', (n) => n.endsWith('.parquet')), join(corpora, 'parquet-testing/data/nation.dict-malformed.parquet')];
    expect(bad.length).toBeGreaterThan(5);
    for (const [f, r] of await headAll(bad)) expectCleanOutcome(f, r);
  }, 180_000);

  it('Arrow IPC fuzzer finds give one-line errors, never a crash or hang', async () => {
    const fuzz = [...files('arrow-testing/arrow-ipc-file'), ...files('arrow-testing/arrow-ipc-stream', (n) => !n.includes('.') || n.startsWith('clusterfuzz'))].filter(
      (f) => !f.endsWith('README.md'),
    );
    expect(fuzz.length).toBeGreaterThan(10);
    for (const [f, r] of await headAll(fuzz)) expectCleanOutcome(f, r);
  }, 180_000);
});
