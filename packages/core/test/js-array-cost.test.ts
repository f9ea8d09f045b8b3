import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { buildColumn } from '../src/column-builder.js';
import { DataFrame } from '../src/data-frame.js';
import { jsArrayBytes } from '../src/js-array-cost.js';
import { SAMPLE_COLUMN_NAMES, sampleColumns } from './helpers/sample-columns.js';

/** JSArray + FixedArray headers, then one 8-byte slot per row. */
const array = (rows: number): number => 48 + 8 * rows;

describe('jsArrayBytes (the computed V8 cost)', () => {
  it('counts one slot per row for small integers, doubles without nulls and booleans', () => {
    expect(jsArrayBytes([buildColumn([1, 2, 3])])).toBe(array(3));
    expect(jsArrayBytes([buildColumn([1, null, 3])])).toBe(array(3));
    expect(jsArrayBytes([buildColumn([0.5, 1.5])])).toBe(array(2));
    expect(jsArrayBytes([buildColumn([true, null, false])])).toBe(array(3));
  });

  it('boxes non-small-integer numbers as 16-byte HeapNumbers when nulls share the array', () => {
    expect(jsArrayBytes([buildColumn([0.5, null, 2, 1.5])])).toBe(array(4) + 2 * 16);
    expect(jsArrayBytes([buildColumn([2 ** 40, null])])).toBe(array(2) + 16);
  });

  it('counts a 24-byte BigInt per value beyond 2^53, which also boxes its array neighbours', () => {
    expect(jsArrayBytes([buildColumn([2n ** 60n, 1])])).toBe(array(2) + 24);
    expect(jsArrayBytes([buildColumn([2n ** 60n, 2 ** 40])])).toBe(array(2) + 24 + 16);
  });

  it('counts one string object per row: 16-byte header + characters, rounded to 8', () => {
    // 'Oslo' 4 Latin-1 chars -> 24; 'São Paulo' 9 -> 32; '東京' 2 two-byte chars -> 24; '😀x' 3 UTF-16 units -> 24.
    const strings = ['Oslo', 'São Paulo', '東京', null, '😀x', 'Oslo'];
    const expected = array(6) + 24 + 32 + 24 + 24 + 24;
    expect(jsArrayBytes([buildColumn(strings)])).toBe(expected);
    expect(jsArrayBytes([buildColumn(strings, { dtype: 'utf8' })])).toBe(expected);
    expect(jsArrayBytes([buildColumn(['x'.repeat(17)])])).toBe(array(1) + 16 + 24);
  });

  it('counts a Date object per timestamp', () => {
    expect(jsArrayBytes([buildColumn([new Date(0), null])])).toBe(array(2) + 112);
  });

  it('sums over chunks', () => {
    expect(jsArrayBytes([buildColumn([1, 2]), buildColumn([3])])).toBe(array(3));
  });

  it('is within ±35% of what V8 actually uses for the same plain arrays (child node --expose-gc)', async () => {
    const rows = 200_000;
    const script = fileURLToPath(new URL('./helpers/measure-plain-arrays.ts', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', '--import', 'tsx', script, String(rows)], {
      cwd: fileURLToPath(new URL('../../..', import.meta.url)),
    });
    const measured = (JSON.parse(stdout) as { bytes: Record<string, number> }).bytes;

    const info = DataFrame.fromColumns(sampleColumns(rows), { dtypes: { label: 'utf8' } }).info();
    const computed = Object.fromEntries(info.columns.map((c) => [c.name, c.plainJsBytes]));
    expect(Object.keys(measured)).toEqual([...SAMPLE_COLUMN_NAMES]);
    for (const name of SAMPLE_COLUMN_NAMES) {
      const ratio = computed[name] / measured[name];
      expect(ratio, `${name}: computed ${computed[name]} vs measured ${measured[name]}`).toBeGreaterThan(0.65);
      expect(ratio, `${name}: computed ${computed[name]} vs measured ${measured[name]}`).toBeLessThan(1.35);
    }
    const total = Object.values(measured).reduce((a, b) => a + b, 0);
    expect(info.memory.plainJs / total).toBeGreaterThan(0.65);
    expect(info.memory.plainJs / total).toBeLessThan(1.35);
  });
});
