import { describe, expect, it } from 'vitest';
import { formatValue } from '../src/format-value.js';

describe('formatValue', () => {
  it('prints floats with a decimal point and up to 8 significant digits', () => {
    expect(formatValue(2, true)).toBe('2.0');
    expect(formatValue(1 / 3, true)).toBe('0.33333333');
    expect(formatValue(Number.NaN, true)).toBe('NaN');
    expect(formatValue(-Infinity, true)).toBe('-Infinity');
    expect(formatValue(1e20, true)).toBe('100000000000000000000');
  });

  it('prints other values as text and null as null', () => {
    expect(formatValue(2)).toBe('2');
    expect(formatValue(null)).toBe('null');
    expect(formatValue(2n ** 60n)).toBe('1152921504606846976');
    expect(formatValue(true)).toBe('true');
    expect(formatValue('')).toBe('');
  });
});
