import { describe, expect, it } from 'vitest';
import { main } from './memory-usage.js';

describe('examples/memory-usage', () => {
  const lines: string[] = [];
  const report = main(1_000_000, (line) => lines.push(line));
  const text = lines.join('\n');

  it('builds a million compact rows', () => {
    expect(report.frame.numRows).toBe(1_000_000);
    expect(report.frame.schema.fields.map((f) => [f.name, f.dtype])).toEqual([
      ['city', 'categorical'],
      ['age', 'int8'],
      ['temperature', 'float64'],
    ]);
    expect(report.lines).toEqual(lines);
  });

  it('prints info() with rows, dtypes, non-null counts and memory', () => {
    expect(text).toContain('DataFrame: 1000000 rows, 3 columns');
    expect(text).toMatch(/city\s+1000000 non-null\s+categorical/);
    const ageNulls = report.info.columns[1].nullCount;
    expect(ageNulls).toBeGreaterThan(5_000);
    expect(ageNulls).toBeLessThan(15_000);
    expect(text).toMatch(new RegExp(`age\\s+${1_000_000 - ageNulls} non-null\\s+int8`));
    expect(text).toContain('memory usage:');
    expect(text).toContain('as plain JS arrays:');
  });

  it('prints the deep memory table and the plain-JS figure with exact byte counts', () => {
    const deep = report.deep.total;
    const plainJs = report.info.memory.plainJs;
    expect(text).toContain(`(${deep} bytes)`);
    expect(text).toContain(`(${plainJs} bytes)`);
    for (const c of report.deep.columns) expect(text).toMatch(new RegExp(`${c.name}\\s+${c.dtype}\\s+${c.bytes}\\s+${c.dictionaryBytes}\\s+${c.total}`));
  });

  it('has the figures a reader expects: 1 byte per code and age, 8 per temperature, far below plain JS', () => {
    const byName = Object.fromEntries(report.deep.columns.map((c) => [c.name, c]));
    // uint8 codes (40 cities) + the dictionary once.
    expect(byName.city.bytes).toBe(1_000_000);
    expect(byName.city.dictionaryBytes).toBeGreaterThan(0);
    expect(byName.city.dictionaryBytes).toBeLessThan(4096);
    // int8 ages + one validity bitmap per chunk (16 chunks of 65,536 rows, the last one shorter).
    expect(byName.age.bytes).toBe(1_000_000 + 125_000);
    expect(byName.temperature.bytes).toBe(8_000_000);
    const saving = report.info.memory.plainJs / report.deep.total;
    expect(saving).toBeGreaterThan(3);
    expect(text).toContain(`saving:            ${saving.toFixed(1)}x less memory`);
  });
});
