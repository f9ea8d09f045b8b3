import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { main } from './read-csv-chunks.js';

describe('examples/read-csv-chunks', () => {
  it('streams a generated CSV chunk by chunk with compact dtypes', async () => {
    const lines: string[] = [];
    const report = await main(100_000, 16_384, (line) => lines.push(line));
    expect(report.totalRows).toBe(100_000);
    expect(report.chunks.map((c) => c.rows)).toEqual([16_384, 16_384, 16_384, 16_384, 16_384, 16_384, 1_696]);
    expect(report.schema.fields.map((f) => [f.name, f.dtype])).toEqual([
      ['city', 'categorical'],
      ['station', 'int16'],
      ['temperature', 'float64'],
      ['rain', 'int16'],
    ]);
    // Per full chunk: 1 byte per city code, 2 per station, 8 per temperature, 2 per rain + a validity bitmap.
    expect(report.chunks[0].bytes).toBe(16_384 * (1 + 2 + 8 + 2) + 16_384 / 8);
    expect(lines).toEqual(report.lines);
    expect(lines.filter((l) => l.startsWith('chunk'))).toHaveLength(7);
    expect(lines.at(-1)).toBe('read 100000 rows in 7 chunks');
  });

  it('runs as a script', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'examples/read-csv-chunks.ts', '20000', '8192'], { encoding: 'utf8' });
    expect(out).toContain('read 20000 rows in 3 chunks');
    expect(out).toMatch(/schema: city categorical, station int16, temperature float64, rain int16/);
  });
});
