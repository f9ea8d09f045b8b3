import { describe, expect, it } from 'vitest';
import { displayWidth, formatBytes, formatTable } from '../src/format-table.js';

describe('formatTable', () => {
  it('aligns columns left or right under a rule', () => {
    const text = formatTable(
      ['name', 'n'],
      [
        ['Oslo', '1'],
        ['Lima', '100'],
      ],
      ['left', 'right'],
    );
    expect(text).toBe(['name    n', '----  ---', 'Oslo    1', 'Lima  100'].join('\n'));
  });

  it('counts wide characters twice', () => {
    expect(displayWidth('東京')).toBe(4);
    expect(displayWidth('Zürich')).toBe(6);
    const text = formatTable(
      ['city', 'x'],
      [
        ['東京', '1'],
        ['Oslo', '2'],
      ],
    );
    expect(text.split('\n').slice(2)).toEqual(['東京  1', 'Oslo  2']);
  });
});

describe('formatBytes', () => {
  it('uses decimal units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1500)).toBe('1.50 kB');
    expect(formatBytes(12_345_678)).toBe('12.3 MB');
    expect(formatBytes(123_456_789)).toBe('123 MB');
    expect(formatBytes(2e9)).toBe('2.00 GB');
  });
});

describe('formatTable with long cells', () => {
  it('cuts a cell wider than 120 columns (a 300,000-character name on 3,000 rows was a 900 MB string)', () => {
    const long = 'x'.repeat(300_000);
    const text = formatTable(['column', 'dtype'], [[long, 'int8'], ...Array.from({ length: 3000 }, (_, i) => [`c${i}`, 'int8'])]);
    const lines = text.split('\n');
    expect(lines[2]).toBe(`${'x'.repeat(119)}…  int8`);
    expect(Math.max(...lines.map((l) => l.length))).toBe(127);
    expect(formatTable(['a'], [['東'.repeat(100)]]).split('\n')[2]).toBe(`${'東'.repeat(59)}…`);
  });
});
