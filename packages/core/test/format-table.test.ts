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
